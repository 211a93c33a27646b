package provider

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// fastWait polls every few milliseconds, so CLI tests of waiting take no
// longer than the terraform runs themselves. The schedule itself is
// asserted with a fake clock in internal/hss.
var fastWait = hss.WaitPolicy{FirstInterval: 10 * time.Millisecond, MaxInterval: 40 * time.Millisecond, MinInterval: 5 * time.Millisecond}

func waitingFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hss": served(&HSSProvider{
			version: "test", getenv: func(string) string { return "" }, wait: &fastWait,
		}),
	}
}

func TestExportTaskDataSource_WaitUntilSuccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "slow", Name: "vul_export", Status: "success", FileID: "f-slow", FileName: "slow.zip", RunningPolls: 4})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:            f.tokenProvider() + readTask("slow", "wait_for_completion = true"),
			ConfigStateChecks: expectTask("slow", "vul_export", "success", "f-slow", "slow.zip"),
		}},
	})
	var seen []string
	for _, r := range f.sim.Requests() {
		seen = append(seen, r.TaskStatus)
	}
	want := "running running running running success"
	if got := strings.Join(seen, " "); !strings.HasPrefix(got, want) || strings.Contains(got[len(want):], "running") {
		t.Errorf("polls answered %q, want %q then only success", got, want)
	}
}

func TestExportTaskDataSource_WithoutWaitARunningTaskReadsRunning(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "slow", Name: "vul_export", Status: "success", RunningPolls: 100})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:            f.tokenProvider() + readTask("slow", "wait_for_completion = false"),
			ConfigStateChecks: expectTask("slow", "vul_export", "running", "", ""),
		}},
	})
}

func TestExportTaskDataSource_WaitEndsInFailure(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "doomed", Name: "container_export", Status: "failure", RunningPolls: 2})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:      f.tokenProvider() + readTask("doomed", "wait_for_completion = true"),
			ExpectError: errorLike("HSS Export Task Failed", `HSS export task doomed failed (task name "container_export"); request id sim-00000003`),
		}},
	})
	expectRequests(t, f, 3)
}

func TestExportTaskDataSource_WaitTimesOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "forever", Name: "n", Status: "success", RunningPolls: 1 << 30})
	start := time.Now()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + readTask("forever", "wait_for_completion = true", `timeouts = { read = "5s" }`),
			ExpectError: errorLike("Timed Out Waiting for HSS Export Task", "HSS export task forever was still running after 5",
				`timeouts = { read = "10s" }`),
		}},
	})
	if d := time.Since(start); d < 5*time.Second || d > 2*time.Minute {
		t.Errorf("the read ended after %v, want about 5s", d)
	}
}

func TestExportTaskDataSource_WaitRejectsABadTimeout(t *testing.T) {
	t.Parallel()
	cases := []struct{ timeout, want string }{
		{"soon", `"soon" must be a string containing`},
		{"0s", `timeouts.read must be a positive duration such as "30s" or "10m"; got "0s"`},
		{"-1s", `timeouts.read must be a positive duration such as "30s" or "10m"; got "-1s"`},
	}
	for _, c := range cases {
		t.Run(c.timeout, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: waitingFactories(),
				Steps: []resource.TestStep{{
					Config:      f.tokenProvider() + readTask(testTaskID, "wait_for_completion = true", `timeouts = { read = "`+c.timeout+`" }`),
					ExpectError: errorLike("Invalid Attribute Value", c.want),
				}},
			})
			expectRequests(t, f, 0)
		})
	}
}

// interruptWhileWaiting starts cmd, presses Ctrl-C once the simulator has
// seen two requests (a start and a poll, or two polls: the provider is
// waiting), and returns what terraform printed, how long after the
// interrupt it exited, and how. The minutes only end a test that went wrong.
func interruptWhileWaiting(t *testing.T, cmd *exec.Cmd, f *fixture) (string, time.Duration, error) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for f.sim.RequestCount() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if f.sim.RequestCount() < 2 {
		_ = cmd.Process.Kill()
		t.Fatalf("the wait never started:\n%s", out.String())
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), time.Since(sent), err
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform still running 2 minutes after the interrupt:\n%s", out.String())
	}
	return "", 0, nil
}

// Ctrl-C in the terminal: terraform stops the provider, which must end its
// wait at once rather than keep polling until timeouts.read.
func TestExportTaskDataSource_InterruptEndsTheWait(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "forever", Name: "n", Status: "success", RunningPolls: 1 << 30})
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }}
	cmd := terraformCommand(t, p, f.tokenProvider()+readTask("forever", "wait_for_completion = true"),
		"plan", "-input=false", "-no-color")
	out, took, err := interruptWhileWaiting(t, cmd, f)
	if err == nil {
		t.Errorf("terraform plan succeeded after an interrupt:\n%s", out)
	}
	if took > 20*time.Second { // generous: a loaded machine is slow, a wait that ignores Ctrl-C is endless
		t.Errorf("terraform exited %v after the interrupt", took)
	}
	if !strings.Contains(out, "Reading the export task was cancelled") {
		t.Errorf("terraform did not report the cancelled read:\n%s", out)
	}
	polls := f.sim.RequestCount()
	time.Sleep(1500 * time.Millisecond)
	if after := f.sim.RequestCount(); after != polls {
		t.Errorf("the provider kept polling after the interrupt: %d requests, then %d", polls, after)
	}
}

// Ctrl-C while hss_export waits: the running task stays in the state (not
// tainted), and the next apply waits for it again; one export in all.
func TestExportResource_InterruptedWaitIsResumed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 1 << 30})
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }, wait: &fastWait}
	cmd := terraformCommand(t, p, f.tokenProvider()+`
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul" }
}
`, "apply", "-auto-approve", "-input=false", "-no-color")
	out, _, _ := interruptWhileWaiting(t, cmd, f) // interrupted, terraform exits non-zero
	text := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(text, "HSS Export Still Running") || !strings.Contains(text, "the wait was interrupted") {
		t.Fatalf("the interrupted apply does not say the task is kept:\n%s", out)
	}
	state, err := os.ReadFile(filepath.Join(cmd.Dir, "terraform.tfstate"))
	if err != nil || !strings.Contains(string(state), `"task_status": "running"`) || strings.Contains(string(state), "tainted") {
		t.Fatalf("the state after the interrupt (%v):\n%s", err, state)
	}

	f.sim.AddTask(hsssim.Task{ID: "sim-task-000001", Kind: "vulnerabilities", Name: "v", Status: "success",
		FileID: "sim-file-000001", FileName: "v.zip", RunningPolls: 1})
	again := exec.Command(cmd.Path, "apply", "-auto-approve", "-input=false", "-no-color")
	again.Dir, again.Env = cmd.Dir, cmd.Env
	if b, err := again.CombinedOutput(); err != nil {
		t.Fatalf("the next apply: %v\n%s", err, b)
	}
	state, _ = os.ReadFile(filepath.Join(cmd.Dir, "terraform.tfstate"))
	if !strings.Contains(string(state), `"file_id": "sim-file-000001"`) {
		t.Errorf("the next apply did not finish the wait:\n%s", state)
	}
	if n := len(f.sim.Exports()); n != 1 {
		t.Errorf("%d exports started, want 1", n)
	}
}
