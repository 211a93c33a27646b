variable "export_task_id" {
  description = "Id of the HSS export task to read."
  type        = string
}

# Without wait_for_completion the task is read once: a running export
# reads as "running", with file_id and file_name empty.
data "hss_export_task" "status" {
  task_id = var.export_task_id
}

output "export_ready" {
  value = data.hss_export_task.status.task_status == "success"
}
