# Start an export and return at once; read it later with the data source.
resource "hss_export" "containers" {
  kind                = "containers"
  export_size         = 5000
  headers             = [["container_name", "Container"], ["image_name", "Image"], ["risky", "Risky"]]
  filters             = { risky = true, cluster_type = "cce" }
  wait_for_completion = false
}

data "hss_export_task" "containers" {
  task_id             = hss_export.containers.task_id
  wait_for_completion = true
}
