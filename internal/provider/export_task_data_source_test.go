package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// hclString quotes s as an HCL string literal: Go's %q escapes (\x01)
// are not HCL's, and "${" would start a template.
// expectRead applies config through the CLI and checks the state.
// expectReadError applies config through the CLI and expects an error that
// contains each part in order (see errorLike).
// expectTask checks every computed attribute of data.hss_export_task.t.
// everyReadTookOneRequest asserts that after the scripted faults each read
// was answered 200 at the first try.
func TestExportTaskDataSource_Token(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	expectRead(t, f.tokenProvider()+readTask(testTaskID), finishedTask...)
	everyReadTookOneRequest(t, f)
	r := f.sim.Requests()[0]
	if r.Header.Get("X-Auth-Token") != testToken || r.Header.Get("Authorization") != "" || r.RawQuery != "" {
		t.Errorf("token read sent headers %v, query %q", r.Header, r.RawQuery)
	}
	if ua := r.Header.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-hss/test Terraform/\d+\.\d+\.\d+`).MatchString(ua) {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestExportTaskDataSource_AKSKFromEnvironment(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	env := map[string]string{
		"HW_HSS_ENDPOINT": f.url, "HW_PROJECT_ID": testProject,
		"HW_ACCESS_KEY": testAK, "HW_SECRET_KEY": testSK,
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(env),
		Steps: []resource.TestStep{{
			Config:            `provider "hss" {}` + readTask(testTaskID),
			ConfigStateChecks: finishedTask,
		}},
	})
	everyReadTookOneRequest(t, f)
	for _, r := range f.sim.Requests() {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+testAK+",") || r.Header.Get("X-Auth-Token") != "" {
			t.Errorf("AK/SK read sent Authorization %q", r.Header.Get("Authorization"))
		}
	}
}

// Not parallel: it sets the process environment, to prove the provider
// reads the real HW_* variables and not only an injected map.
func TestExportTaskDataSource_TemporaryKeysFromProcessEnvironment(t *testing.T) {
	f := newFixture(t)
	t.Setenv("HW_HSS_ENDPOINT", f.url)
	t.Setenv("HW_PROJECT_ID", testProject)
	t.Setenv("HW_ACCESS_KEY", "TEMP"+testAK)
	t.Setenv("HW_SECRET_KEY", testSK)
	t.Setenv("HW_SECURITY_TOKEN", testSTS)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"hss": served(&HSSProvider{version: "test"}), // getenv nil: the process environment
		},
		Steps: []resource.TestStep{{
			Config:            `provider "hss" {}` + readTask(testTaskID),
			ConfigStateChecks: finishedTask,
		}},
	})
	everyReadTookOneRequest(t, f)
	if r := f.sim.Requests()[0]; r.Header.Get("X-Security-Token") != testSTS {
		t.Errorf("X-Security-Token = %q", r.Header.Get("X-Security-Token"))
	}
}

func TestExportTaskDataSource_EnterpriseProject(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, provider, data, wantQuery string
	}{
		{"the data source's enterprise project is sent", "", `enterprise_project_id = "ep-security"`, "enterprise_project_id=ep-security"},
		{"the provider's enterprise project is the default", `enterprise_project_id = "ep-security"`, "", "enterprise_project_id=ep-security"},
		{"the data source's wins over the provider's", `enterprise_project_id = "other"`, `enterprise_project_id = "all_granted_eps"`, "enterprise_project_id=all_granted_eps"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.sim.AddTask(hsssim.Task{ID: "ep-task", Name: "baseline_export_task", Status: "success", FileID: "f-ep",
				FileName: "ep.zip", EnterpriseProjectID: "ep-security"})
			expectRead(t, f.tokenProvider(c.provider)+readTask("ep-task", c.data), expectTask("ep-task", "baseline_export_task", "success", "f-ep", "ep.zip")...)
			everyReadTookOneRequest(t, f)
			for _, r := range f.sim.Requests() {
				if r.RawQuery != c.wantQuery {
					t.Errorf("query = %q, want %q", r.RawQuery, c.wantQuery)
				}
			}
		})
	}
}

func TestExportTaskDataSource_RegionOverride(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider(`region = "cn-north-4"`) + readTask(testTaskID, `region = "ap-southeast-3"`),
			ConfigStateChecks: append(finishedTask,
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("region"), knownvalue.StringExact("ap-southeast-3"))),
		}},
	})
	for _, r := range f.sim.Requests() {
		if got := r.Header.Get("Region"); got != "ap-southeast-3" {
			t.Errorf("region header = %q, want ap-southeast-3", got)
		}
	}
}

// The region header carries the data source's region, else the provider's
// (as the docs say), else nothing.
func TestExportTaskDataSource_RegionHeaderDefaultsToTheProvider(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, provider, want string }{
		{"the provider's region", `region = "cn-north-4"`, "cn-north-4"},
		{"no region anywhere", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			expectRead(t, f.tokenProvider(c.provider)+readTask(testTaskID), finishedTask...)
			for _, r := range f.sim.Requests() {
				if got := r.Header.Get("Region"); got != c.want {
					t.Errorf("region header = %q, want %q", got, c.want)
				}
			}
		})
	}
}

func TestExportTaskDataSource_RunningTaskHasNoFileYet(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "running-task", Name: "container_export_task", Status: "running"})
	expectRead(t, f.tokenProvider()+readTask("running-task"), expectTask("running-task", "container_export_task", "running", "", "")...)
}

func TestExportTaskDataSource_PercentInTaskIDIsEscaped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "odd%id", Name: "odd", Status: "success", FileID: "f-odd", FileName: "odd.zip"})
	expectRead(t, f.tokenProvider()+readTask("odd%id"), expectTask("odd%id", "odd", "success", "f-odd", "odd.zip")...)
	if p := f.sim.Requests()[0].Path; p != "/v5/"+testProject+"/export-task/odd%25id" {
		t.Errorf("path = %q", p)
	}
}

// Each failure the service can answer with ends in an error a person can
// act on: a hint first, then the service's own words, after exactly the
// requests the retry policy allows.
func TestExportTaskDataSource_Errors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		provider func(*fixture) string
		taskID   string
		faults   []hsssim.Fault
		want     []string
		requests int
	}{
		{name: "not found names the task, project and enterprise project", taskID: "no-such-task",
			want: []string{"Unable to Read HSS Export Task", `"no-such-task" was not found`, "enterprise_project_id",
				"HTTP 400 HSS.0011: The requested resource does not exist; request id sim-0"},
			requests: 2}, // looked for at both status endpoints
		{name: "a wrong secret key is not retried and points at the credentials",
			provider: func(f *fixture) string {
				return fmt.Sprintf("provider \"hss\" {\n  endpoint   = %q\n  project_id = %q\n  access_key = %q\n  secret_key = \"not-the-secret\"\n}\n",
					f.url, testProject, testAK)
			},
			want: []string{"rejected the credentials", "clock", "HTTP 401 APIGW.0301"}, requests: 1},
		{name: "clock skew points at the clock",
			faults: []hsssim.Fault{{Status: 401, Code: "APIGW.0303", Message: "request time skewed"}},
			want:   []string{"15 minutes off", "clock", "HTTP 401 APIGW.0303"}, requests: 1},
		{name: "missing permissions point at HSS policies",
			faults: []hsssim.Fault{{Status: 400, Code: "HSS.0013", Message: "insufficient permissions"}},
			want:   []string{"not allowed to read HSS export tasks", "Grant the user an HSS permission", "HTTP 400 HSS.0013"}, requests: 1},
		{name: "throttling on every attempt ends after max_retries",
			provider: func(f *fixture) string { return f.tokenProvider("max_retries = 2") },
			faults:   []hsssim.Fault{{Status: 429, RetryAfter: "0", Count: 100}},
			want:     []string{"kept throttling", "max_retries = 2", "HTTP 429 APIGW.0308", "after 3 attempts"}, requests: 3},
		{name: "a 200 without task_status is an error, not an empty state",
			faults: []hsssim.Fault{{Status: 200, Body: `{"task_id":"` + testTaskID + `","task_name":"x"}`}},
			want:   []string{"Unable to Read HSS Export Task", "not with the export task the API promises", "no task_status"}, requests: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.sim.Inject(c.faults...)
			provider := f.tokenProvider()
			if c.provider != nil {
				provider = c.provider(f)
			}
			taskID := c.taskID
			if taskID == "" {
				taskID = testTaskID
			}
			expectReadError(t, provider+readTask(taskID), c.want...)
			expectRequests(t, f, c.requests)
		})
	}
}

// Throttling and service failures are retried within one read, which then
// succeeds.
func TestExportTaskDataSource_RecoversFromFaults(t *testing.T) {
	t.Parallel()
	html503 := hsssim.Fault{Status: 503, Body: "<html><body>503 Service Temporarily Unavailable</body></html>", ContentType: "text/html"}
	cases := []struct {
		name   string
		faults []hsssim.Fault
		seen   []int
	}{
		{"429 twice then success", []hsssim.Fault{{Status: 429, RetryAfter: "0", Count: 2}}, []int{429, 429}},
		{"503 with an HTML page then success", []hsssim.Fault{html503}, []int{503}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.sim.Inject(c.faults...)
			expectRead(t, f.tokenProvider()+readTask(testTaskID), finishedTask...)
			everyReadTookOneRequest(t, f, c.seen...)
		})
	}
}

func TestExportTaskDataSource_InvalidTaskIDRejectedAtPlan(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, id, want string }{
		{"a slash", "a/b", `must not contain '/'`},
		{"two dots", "..", `must not be ".."`},
		{"whitespace", "a b", `must not contain whitespace`},
		{"a question mark", "a?x=1", `must not contain '?'`},
		{"a hash", "a#b", `must not contain '#'`},
		{"too long", strings.Repeat("x", 65), `must be at most 64 characters`},
		{"empty", "", `must not be empty`},
		{"a control character", "a\x01b", `must not contain whitespace or control characters`},
		{"a newline", "a\nb", `must not contain whitespace`},
		{"a template sequence stays literal and is rejected", "${x}/y", `must not contain '/'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps: []resource.TestStep{{
					Config:      f.tokenProvider() + readTask(c.id),
					PlanOnly:    true,
					ExpectError: errorLike("Invalid Attribute Value", "task_id "+c.want),
				}},
			})
			expectRequests(t, f, 0)
		})
	}
}

func TestExportTaskDataSource_TaskIDKnownOnlyAtApply(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + `
resource "terraform_data" "export" {
  input = "` + testTaskID + `"
}

data "hss_export_task" "t" {
  task_id = terraform_data.export.output
}
`,
			ConfigStateChecks: finishedTask,
		}},
	})
}

// planOutput plans config with p served in-process and returns what
// terraform printed, whitespace folded, so that warnings (which
// resource.UnitTest does not show) can be asserted.
// Odd answers are kept as they came, with a warning the user sees in the
// plan that names the request.
func TestExportTaskDataSource_OddAnswersAreWarnings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		want       []string
	}{
		{"a status this provider does not know",
			`{"task_id":"t1","task_name":"n","task_status":"queued"}`,
			[]string{`HSS reported status "queued" for export task "t1", which this provider does not know`, `status = "queued"`}},
		{"an answer about another task",
			`{"task_id":"t2","task_name":"n","task_status":"success","file_id":"f","file_name":"f.zip"}`,
			[]string{`HSS answered a read of export task "t1" with task_id "t2"`, `status = "success"`}},
		{"success without a file",
			`{"task_id":"t1","task_name":"n","task_status":"success"}`,
			[]string{`HSS reported export task "t1" as success but named no file_id`, `status = "success"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.sim.Inject(hsssim.Fault{Status: 200, Body: c.body})
			out, err := planOutput(t, &HSSProvider{version: "test", getenv: func(string) string { return "" }},
				f.tokenProvider()+readTask("t1")+`
output "status" {
  value = data.hss_export_task.t.task_status
}
`)
			if err != nil || !strings.Contains(out, "Warning: Unexpected HSS Export Task Answer") || !strings.Contains(out, "Request id: sim-00000001.") {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("the plan does not say %q:\n%s", w, out)
				}
			}
		})
	}
	t.Run("an ordinary answer has no warning", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		out, err := planOutput(t, &HSSProvider{version: "test", getenv: func(string) string { return "" }}, f.tokenProvider()+readTask(testTaskID))
		if err != nil || strings.Contains(out, "Warning: Unexpected") {
			t.Fatalf("plan: %v\n%s", err, out)
		}
	})
}

// kind is a hint: an events task read without it is found at the event
// endpoint; a kind that points to the wrong endpoint gives a warning that
// names the endpoint that answered and says the user's kind may be wrong
// (the provider asks no report for a guess it did not make); a status
// endpoint that is not published is passed over, and the warning says so
// plainly.
func TestExportTaskDataSource_KindIsAHint(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "ev-1", Kind: "events", Name: "e", Status: "success", FileID: "f-1", FileName: "e.zip"})
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }}
	out, err := planOutput(t, p, f.tokenProvider()+readTask("ev-1")+`
output "file" {
  value = data.hss_export_task.t.file_id
}
`)
	if err != nil || !strings.Contains(out, `file = "f-1"`) || strings.Contains(out, "Warning") {
		t.Fatalf("an events task read without kind: %v\n%s", err, out)
	}
	out, err = planOutput(t, p, f.tokenProvider()+readTask(testTaskID, `kind = "events"`))
	if err != nil || !strings.Contains(out, "was not found at GET /v5/{project_id}/event/export-task/{task_id}") ||
		!strings.Contains(out, "but at GET /v5/{project_id}/export-task/{task_id}") ||
		!strings.Contains(out, `check that kind = "events" is right for this task`) || strings.Contains(out, "maintainers") {
		t.Fatalf("a task read with the wrong kind: %v\n%s", err, out)
	}
	f.sim.Inject(hsssim.Fault{Status: 404, Code: "APIGW.0101", Route: hsssim.RouteExportTask})
	out, err = planOutput(t, p, f.tokenProvider()+readTask("ev-1"))
	if err != nil || !strings.Contains(out, "GET /v5/{project_id}/export-task/{task_id} is not published in this region") ||
		!strings.Contains(out, "was read at GET /v5/{project_id}/event/export-task/{task_id} instead") ||
		strings.Contains(out, "maintainers") || strings.Contains(out, "kind") {
		t.Fatalf("a task read after an unpublished endpoint: %v\n%s", err, out)
	}
}

// https:// against a plain-HTTP server: one attempt, and an error that
// says the endpoint speaks plain HTTP and how to use it, not a hint about
// an overloaded server or a proxy.
func TestExportTaskDataSource_PlainHTTPBehindHTTPS(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	config := `provider "hss" {
  endpoint   = "https://` + strings.TrimPrefix(f.url, "http://") + `"
  project_id = "` + testProject + `"
  token      = "` + testToken + `"
}
` + readTask(testTaskID)
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }, wait: &fastWait}
	out, err := planOutput(t, p, config)
	if err == nil {
		t.Fatalf("the plan succeeded:\n%s", out)
	}
	for _, want := range []string{"answered the TLS handshake in plain HTTP", "Use an http:// endpoint", "allow_http = true"} {
		if !strings.Contains(out, want) {
			t.Errorf("the error does not say %q:\n%s", want, out)
		}
	}
	for _, wrong := range []string{"attempts", "overloaded", "did not answer"} {
		if strings.Contains(out, wrong) {
			t.Errorf("the error says %q:\n%s", wrong, out)
		}
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
