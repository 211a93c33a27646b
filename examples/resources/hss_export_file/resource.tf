variable "file_id" {
  description = "file_id of a finished export (hss_export or hss_export_task)."
  type        = string
}

# Download the exported file: written whole or not at all, checked as a
# zip, downloaded again when it goes missing or changes.
resource "hss_export_file" "report" {
  file_id = var.file_id
  path    = "${path.module}/reports/vulnerabilities.zip"
}

output "report" {
  value = {
    sha256  = hss_export_file.report.sha256
    size    = hss_export_file.report.size
    entries = hss_export_file.report.entries
  }
}
