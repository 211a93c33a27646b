# terraform test -var endpoint=http://127.0.0.1:PORT, with hss-simulator
# serving there (see the guide "Testing your configuration offline").

run "exports_and_downloads" {
  command = apply

  assert {
    condition     = hss_export.vulnerabilities.task_status == "success"
    error_message = "The export did not succeed."
  }

  assert {
    condition     = hss_export_file.vulnerabilities.size > 0 && length(hss_export_file.vulnerabilities.entries) > 0
    error_message = "The downloaded file is empty or holds no entries."
  }
}

# A fresh export that is not waited for is still running: the postcondition
# catches it before anything downloads an empty file_id.
run "an_export_not_waited_for_is_caught" {
  command = apply

  variables {
    round = "2"
    wait  = false
  }

  expect_failures = [hss_export.vulnerabilities]
}
