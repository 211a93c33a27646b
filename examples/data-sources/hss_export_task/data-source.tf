# The task id comes from an HSS export API, for example
# POST /v5/{project_id}/vul/export, which answers {"task_id": "…"}.
variable "export_task_id" {
  description = "Id of the HSS export task to read."
  type        = string
}

data "hss_export_task" "vulnerabilities" {
  task_id = var.export_task_id
}

# Once task_status is "success", file_id names the file to fetch with
# GET /v5/{project_id}/download/{file_id}.
output "export_file" {
  value = data.hss_export_task.vulnerabilities.task_status == "success" ? {
    id   = data.hss_export_task.vulnerabilities.file_id
    name = data.hss_export_task.vulnerabilities.file_name
  } : null
}
