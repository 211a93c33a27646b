# Every failed High-severity configuration check, host by host.
data "hss_baseline_check_report" "high" {
  scan_result = "failed"
  severity    = "High"
}

output "failed_high_checks" {
  value = [for r in data.hss_baseline_check_report.high.results : "${r.host_name}: ${r.check_name} / ${r.check_rule_name}"]
}
