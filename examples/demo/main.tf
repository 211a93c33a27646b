# Reads an export task from the bundled HSS simulator. `make demo` starts the
# simulator and runs this with the provider built from this checkout.
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

# An export of vulnerabilities that has finished: its file can be downloaded.
data "hss_export_task" "vulnerabilities" {
  task_id = "94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2"
}

output "export_task" {
  value = {
    task_name   = data.hss_export_task.vulnerabilities.task_name
    task_status = data.hss_export_task.vulnerabilities.task_status
    file_id     = data.hss_export_task.vulnerabilities.file_id
    file_name   = data.hss_export_task.vulnerabilities.file_name
  }
}
