# The task id comes from an HSS export API, for example
# POST /v5/{project_id}/vul/export, which answers {"task_id": "…"}.
variable "export_task_id" {
  description = "Id of the HSS export task to read."
  type        = string
}

# Wait for the export to finish (up to 15 minutes here, 10 by default);
# a failed export or one still running then is an error.
data "hss_export_task" "vulnerabilities" {
  task_id             = var.export_task_id
  wait_for_completion = true

  timeouts = {
    read = "15m"
  }
}

# file_id names the file to fetch with GET /v5/{project_id}/download/{file_id}.
output "export_file" {
  value = {
    id   = data.hss_export_task.vulnerabilities.file_id
    name = data.hss_export_task.vulnerabilities.file_name
  }
}
