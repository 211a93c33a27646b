package provider

import (
	"fmt"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// 1,000 reads in one terraform plan while the gateway throttles 30% of
// requests: every read succeeds, and the retries stay near the expected
// 0.3/0.7 per read, far inside the budget of max_retries per read.
func TestLoad_ThousandReadsInOnePlanUnderThrottling(t *testing.T) {
	t.Parallel()
	const reads = 1000
	cfg := fixtureConfig()
	cfg.ThrottleRate, cfg.ThrottleRetryAfter = 0.3, "0"
	for i := range reads {
		cfg.Tasks = append(cfg.Tasks, hsssim.Task{ID: fmt.Sprintf("task-%04d", i), Name: "n", Status: "success", FileID: "f", FileName: "f.zip"})
	}
	f := startFixture(t, cfg)
	config := fmt.Sprintf(`provider "hss" {
  endpoint    = %q
  project_id  = %q
  token       = %q
  max_retries = 10
}
data "hss_export_task" "t" {
  count   = %d
  task_id = format("task-%%04d", count.index)
}
output "statuses" {
  value = distinct(data.hss_export_task.t[*].task_status)
}
`, f.url, testProject, testToken, reads)
	r := runWithBinary(t, config, nil, "plan", "-input=false", "-no-color")
	if r.err != nil {
		t.Fatalf("plan: %v\n%.3000s", r.err, r.out)
	}
	ok, throttled := 0, 0
	for _, req := range f.sim.Requests() {
		switch req.Status {
		case 200:
			ok++
		case 429:
			throttled++
		}
	}
	t.Logf("%d reads, %d throttled requests retried", ok, throttled)
	if ok != reads {
		t.Errorf("%d successful requests, want one per read (%d)", ok, reads)
	}
	if throttled < 300 || throttled > 600 {
		t.Errorf("%d retries for %d reads, want about 430", throttled, reads)
	}
}
