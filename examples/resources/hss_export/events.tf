# Intrusion events of the last seven days: their columns are the whole
# request body, and their task is read at the event exports' own status
# endpoint; the provider does both.
resource "hss_export" "events" {
  kind    = "events"
  headers = [["event_name", "Event"], ["host_name", "Server"], ["severity", "Severity"]]
  filters = {
    category      = "host"
    event_id      = "all"
    last_days     = 7
    severity_list = ["High", "Critical"]
  }
}
