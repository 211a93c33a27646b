# The whole export chain against the bundled HSS simulator: start an export,
# read its task, download its file. `make demo` starts the simulator and
# runs this with the provider built from this checkout.
terraform {
  required_providers {
    hss = {
      source = "hss-community/hss"
    }
  }
}

variable "endpoint" {
  description = "Base URL of the HSS simulator, set by make demo."
  type        = string
}

provider "hss" {
  endpoint   = var.endpoint
  project_id = "demo-project"
  token      = "demo-token"
}

# An export of vulnerabilities, started and waited for.
resource "hss_export" "vulnerabilities" {
  kind        = "vulnerabilities"
  export_size = 1000
  headers     = [["vul_id", "Vulnerability ID"], ["vul_name", "Name"], ["repair_priority", "Priority"]]
  filters     = { category = "vul", type = "linux_vul" }
}

# Its task, read as any task can be.
data "hss_export_task" "vulnerabilities" {
  task_id = hss_export.vulnerabilities.task_id
}

# Its file, downloaded next to this configuration.
resource "hss_export_file" "vulnerabilities" {
  file_id = hss_export.vulnerabilities.file_id
  path    = "${path.module}/reports/vulnerabilities.zip"
}

output "export_task" {
  value = {
    task_id     = hss_export.vulnerabilities.task_id
    task_name   = data.hss_export_task.vulnerabilities.task_name
    task_status = data.hss_export_task.vulnerabilities.task_status
    file_name   = data.hss_export_task.vulnerabilities.file_name
  }
}

output "file" {
  value = {
    path    = hss_export_file.vulnerabilities.path
    size    = hss_export_file.vulnerabilities.size
    sha256  = hss_export_file.vulnerabilities.sha256
    entries = hss_export_file.vulnerabilities.entries
  }
}
