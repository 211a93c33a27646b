# A configuration tested offline, against hss-simulator, with terraform
# test (tests/export.tftest.hcl): the same provider, a simulated HSS.
terraform {
  required_providers {
    hss = {
      source = "hss-community/hss"
    }
  }
}

variable "endpoint" {
  description = "Base URL of HSS: the simulator's in tests, such as http://127.0.0.1:18080."
  type        = string
}

variable "round" {
  description = "Changing it starts a fresh export."
  type        = string
  default     = "1"
}

variable "wait" {
  description = "Wait for the export to finish."
  type        = bool
  default     = true
}

provider "hss" {
  endpoint   = var.endpoint
  project_id = "demo-project"
  token      = "demo-token"
}

resource "hss_export" "vulnerabilities" {
  kind                = "vulnerabilities"
  export_size         = 100
  headers             = [["vul_id", "Vulnerability ID"], ["vul_name", "Name"]]
  filters             = { category = "vul" }
  triggers            = { round = var.round }
  wait_for_completion = var.wait

  lifecycle {
    postcondition {
      condition     = self.task_status == "success"
      error_message = "The export has not finished: its task is ${self.task_status}."
    }
  }
}

resource "hss_export_file" "vulnerabilities" {
  file_id = hss_export.vulnerabilities.file_id
  path    = "${path.module}/reports/vulnerabilities.zip"
}

output "entries" {
  value = hss_export_file.vulnerabilities.entries
}
