terraform {
  required_providers {
    hss = { source = "hss-community/hss" }
  }
}

provider "hss" {
  region = "cn-north-4" # credentials from HW_AUTH_TOKEN or HW_ACCESS_KEY/HW_SECRET_KEY
}

# Every failed High-severity configuration check. The postcondition fails
# the plan while any is left that nobody marked "ignored" in the console.
data "hss_baseline_check_report" "high" {
  scan_result = "failed"
  severity    = "High"

  lifecycle {
    postcondition {
      condition = length([for r in self.results : r if r.status != "ignored"]) == 0
      error_message = join("\n", concat(["Failed High-severity configuration checks:"],
      [for r in self.results : "${r.host_name}: ${r.check_name} / ${r.check_rule_name}" if r.status != "ignored"]))
    }
  }
}
