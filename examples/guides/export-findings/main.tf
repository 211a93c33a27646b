terraform {
  required_providers {
    hss = { source = "hss-community/hss" }
  }
}

provider "hss" {
  region = "cn-north-4" # credentials from HW_AUTH_TOKEN or HW_ACCESS_KEY/HW_SECRET_KEY
}

variable "week" {
  description = "The week of the report, such as 2026-48: a new week starts a fresh export."
  type        = string
}

# 1. Start the export, and wait until HSS has written its file.
resource "hss_export" "vulnerabilities" {
  kind        = "vulnerabilities"
  export_size = 1000
  headers     = [["vul_id", "Vulnerability ID"], ["vul_name", "Name"], ["repair_priority", "Priority"]]
  filters = {
    category        = "vul"
    type            = "linux_vul"
    repair_priority = "Critical,High"
  }
  triggers = { week = var.week }
}

# 2. Optional: read the task, as any task started elsewhere can be read.
data "hss_export_task" "vulnerabilities" {
  task_id = hss_export.vulnerabilities.task_id
}

# 3. Download the file, safely, to a path of yours.
resource "hss_export_file" "vulnerabilities" {
  file_id = hss_export.vulnerabilities.file_id
  path    = "${path.module}/reports/vulnerabilities-${var.week}.zip"
}

output "report" {
  value = {
    task    = data.hss_export_task.vulnerabilities.task_name
    file    = hss_export_file.vulnerabilities.path
    sha256  = hss_export_file.vulnerabilities.sha256
    entries = hss_export_file.vulnerabilities.entries
  }
}
