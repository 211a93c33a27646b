# Export this week's critical and high Linux vulnerabilities; a new week
# (a new trigger) starts a fresh export.
variable "week" {
  description = "The week of the report, such as 2026-48."
  type        = string
}

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
  timeouts = { create = "20m" }
}

output "export_file_id" {
  value = hss_export.vulnerabilities.file_id
}
