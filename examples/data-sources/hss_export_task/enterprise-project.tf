# A task started in a non-default enterprise project is only found there;
# "all_granted_eps" searches every enterprise project the caller may see.
data "hss_export_task" "baseline" {
  task_id               = "7f3e9a10-2c4d-4b6e-8f1a-3b5c7d9e0f12"
  enterprise_project_id = "all_granted_eps"
}
