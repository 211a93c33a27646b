package provider

// Helpers of the CLI tests: configurations, expectations, plans.

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

const dataAddr = "data.hss_export_task.t"

func readTask(taskID string, extra ...string) string {
	return fmt.Sprintf(`
data "hss_export_task" "t" {
  task_id = %s
  %s
}
`, hclString(taskID), strings.Join(extra, "\n  "))
}

func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return strings.ReplaceAll(strings.ReplaceAll(b.String(), "${", "$${"), "%{", "%%{")
}

func expectRead(t *testing.T, config string, checks ...statecheck.StateCheck) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func expectReadError(t *testing.T, config string, parts ...string) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps:                    []resource.TestStep{{Config: config, ExpectError: errorLike(parts...)}},
	})
}

func expectTask(id, name, status, fileID, fileName string) []statecheck.StateCheck {
	attr := func(a, v string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New(a), knownvalue.StringExact(v))
	}
	return []statecheck.StateCheck{
		attr("id", id), attr("task_id", id), attr("task_name", name), attr("task_status", status),
		attr("file_id", fileID), attr("file_name", fileName),
	}
}

var finishedTask = expectTask(doneTask.ID, doneTask.Name, doneTask.Status, doneTask.FileID, doneTask.FileName)

func everyReadTookOneRequest(t *testing.T, f *fixture, faults ...int) {
	t.Helper()
	got := f.statuses()
	if len(got) < len(faults)+1 {
		t.Fatalf("statuses = %v, want %v then 200s", got, faults)
	}
	for i, want := range faults {
		if got[i] != want {
			t.Errorf("request %d answered %d, want %d (all: %v)", i+1, got[i], want, got)
		}
	}
	for i, s := range got[len(faults):] {
		if s != 200 {
			t.Errorf("request %d answered %d, want 200 (all: %v)", len(faults)+i+1, s, got)
		}
	}
}

func planOutput(t *testing.T, p *HSSProvider, config string) (string, error) {
	t.Helper()
	cmd := terraformCommand(t, p, config, "plan", "-input=false", "-no-color")
	out, err := cmd.CombinedOutput()
	return strings.Join(strings.Fields(string(out)), " "), err
}

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
