package provider

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// exportChain is the whole workflow: start an export, read its task,
// download its file to dest.
func exportChain(f *fixture, dest, filters string, fileArgs ...string) string {
	extra := ""
	for _, a := range fileArgs {
		extra += "\n  " + a
	}
	return f.tokenProvider() + fmt.Sprintf(`
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 1000
  headers     = [["vul_id", "Vulnerability ID"], ["vul_name", "Name"]]
  filters     = %s
}

data "hss_export_task" "v" {
  task_id = hss_export.v.task_id
}

resource "hss_export_file" "v" {
  file_id = hss_export.v.file_id
  path    = %q%s
}
`, filters, dest, extra)
}

const vulFilters = `{ category = "vul", type = "linux_vul", repair_priority = "Critical,High" }`

// fileMatchesState checks the file at dest against hss_export_file's
// sha256 and size, and that it is a zip.
func fileMatchesState(dest string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources["hss_export_file.v"]
		if rs == nil {
			return fmt.Errorf("no hss_export_file.v in the state")
		}
		b, err := os.ReadFile(dest)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != rs.Primary.Attributes["sha256"] || rs.Primary.Attributes["size"] != fmt.Sprint(len(b)) {
			return fmt.Errorf("the file's sha256 %s and size %d are not the state's %v", got, len(b), rs.Primary.Attributes)
		}
		if _, err := zip.OpenReader(dest); err != nil {
			return fmt.Errorf("the file is not a zip: %v", err)
		}
		return nil
	}
}

// onlyFile checks that dest's directory holds nothing but dest (no
// temporary file), or nothing at all when dest should not exist.
func onlyFile(dest string, exists bool) error {
	entries, _ := os.ReadDir(filepath.Dir(dest))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := 0
	if exists {
		want = 1
	}
	if len(names) != want || (exists && names[0] != filepath.Base(dest)) {
		return fmt.Errorf("the directory of %s holds %v", dest, names)
	}
	return nil
}

// fileInPlace checks the downloaded file: it matches the state, nothing
// else is beside it, and it has the default permission.
func fileInPlace(dest string) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(fileMatchesState(dest),
		func(*terraform.State) error { return onlyFile(dest, true) },
		func(*terraform.State) error {
			if info, err := os.Stat(dest); err != nil || info.Mode().Perm() != 0o600 {
				return fmt.Errorf("the file's mode is %v (%v), want 0600", info, err)
			}
			return nil
		})
}

func TestExportResource_Chain(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 2})
	dest := filepath.Join(t.TempDir(), "reports", "vulnerabilities.zip")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{
				Config: exportChain(f, dest, vulFilters),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("task_status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("file_id"), knownvalue.StringExact("sim-file-000001")),
					statecheck.ExpectKnownValue("data.hss_export_task.v", tfjsonpath.New("file_name"), knownvalue.StringExact("hss-vulnerabilities-000001.zip")),
					statecheck.ExpectKnownValue("hss_export_file.v", tfjsonpath.New("entries"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("export.csv")})),
				},
				Check: resource.ComposeTestCheckFunc(fileInPlace(dest), func(*terraform.State) error {
					// The directory the resource created has the default permission.
					if info, err := os.Stat(filepath.Dir(dest)); err != nil || info.Mode().Perm() != 0o700 {
						return fmt.Errorf("the directory's mode is %v (%v), want 0700", info.Mode(), err)
					}
					return nil
				}),
			},
			{Config: exportChain(f, dest, vulFilters), PlanOnly: true}, // nothing to do
			{
				// A file deleted by hand is downloaded again, from the same export.
				PreConfig: func() { _ = os.Remove(dest) },
				Config:    exportChain(f, dest, vulFilters),
				Check:     fileInPlace(dest),
			},
		},
	})
	// Destroying the resource deleted the file.
	if err := onlyFile(dest, false); err != nil {
		t.Error(err)
	}
	exports := f.sim.Exports()
	if len(exports) != 1 {
		t.Fatalf("%d exports, want 1", len(exports))
	}
	q := url.Values(exports[0].Query)
	if q.Get("category") != "vul" || q.Get("type") != "linux_vul" || q.Get("export_size") != "1000" || q.Get("repair_priority") != "Critical,High" {
		t.Errorf("the export was sent with %v", q)
	}
}

func TestExportResource_ChangedFilterReplacesTheExport(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{Config: exportChain(f, dest, `{ category = "vul" }`)},
			{
				Config: exportChain(f, dest, `{ category = "host" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hss_export.v", plancheck.ResourceActionReplace),
					// The file is updated in place: the new one is renamed over it.
					plancheck.ExpectResourceAction("hss_export_file.v", plancheck.ResourceActionUpdate),
				}},
				Check: fileInPlace(dest),
			},
		},
	})
	if n := len(f.sim.Exports()); n != 2 {
		t.Errorf("%d exports, want 2", n)
	}
}

func TestExportResource_FailedTaskIsAnError(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 1})
	f.sim.FailExports("vulnerabilities")
	dest := filepath.Join(t.TempDir(), "v.zip")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:      exportChain(f, dest, vulFilters),
			ExpectError: errorLike("HSS Export Task Failed", "HSS export task sim-task-000001 failed"),
		}},
	})
	if err := onlyFile(dest, false); err != nil {
		t.Error(err)
	}
}

// A start that may have reached HSS is never sent again: the error says
// an export may have started.
func TestExportResource_NoSecondStartUnderFaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	f.sim.Inject(hsssim.Fault{Status: 502, Route: hsssim.RouteExport("vulnerabilities"), Count: 10})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:      exportChain(f, filepath.Join(t.TempDir(), "v.zip"), vulFilters),
			ExpectError: errorLike("Unable to Start HSS Export", "an export may have started", "HTTP 502"),
		}},
	})
	posts := 0
	for _, r := range f.sim.Requests() {
		if r.Method == "POST" {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d POSTs, want 1", posts)
	}
}

// Every class of bad export is an error on its attribute at plan time,
// before any request.
func TestExportResource_ValidationAtPlan(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, body string }{
		{"an unknown kind", `kind = "vulns"`},
		{"an unknown filter", `kind = "vulnerabilities"
  export_size = 10
  headers = [["a", "b"]]
  filters = { category = "vul", severity = "High" }`},
		{"a filter of the wrong type", `kind = "vulnerabilities"
  export_size = 10
  headers = [["a", "b"]]
  filters = { category = ["vul"] }`},
		{"a value outside the enum", `kind = "vulnerabilities"
  export_size = 10
  headers = [["a", "b"]]
  filters = { category = "hosts" }`},
		{"a number outside the kind's range", `kind = "containers"
  export_size = 100001
  headers = [["a", "b"]]`},
		{"a missing required filter", `kind = "vulnerabilities"
  export_size = 10
  headers = [["a", "b"]]`},
		{"headers that are not pairs", `kind = "vulnerabilities"
  export_size = 10
  headers = [["a", "b", "c"]]
  filters = { category = "vul" }`},
		{"headers for a kind that takes none", `kind = "image_baseline"
  export_size = 10
  headers = [["a", "b"]]`},
		{"a kind that needs a region, without one", `kind = "local_image_vulnerabilities"
  export_size = 10`},
		{"a field HSS deprecates", `kind = "web_tamper_hosts"
  export_size = 10
  headers = [["host_name", "Server"]]
  filters = { agent_id = "a-1" }`},
		{"an image security report without operate_all", `kind = "image_security_report"
  export_size = 10
  filters = { security_report_type = "apps" }`},
		{"events more than two days apart", `kind = "events"
  headers = [["event_name", "Alarm"]]
  filters = { category = "host", event_id = "e-1", begin_time = 1700000000000, end_time = 1700259200001 }`},
		{"a whole number past the SDK's int32", `kind = "vulnerabilities"
  export_size = 2147483648
  headers = [["a", "b"]]
  filters = { category = "vul" }`},
		{"more elements than the SDK allows", `kind = "cluster_risks"
  export_size = 10
  headers = [["a", "b"]]
  filters = { iac_items = { file_id_list = [] } }`},
	}
	want := map[string][]string{
		"an unknown kind":                              {"kind", "value must be one of"},
		"an unknown filter":                            {"Invalid HSS Export", `severity is not a filter of kind "vulnerabilities"; its filters are category, type`},
		"a filter of the wrong type":                   {"Invalid HSS Export", "category must be a string, got a list"},
		"a value outside the enum":                     {"Invalid HSS Export", `category must be one of vul, host; got "hosts"`},
		"a number outside the kind's range":            {"Invalid HSS Export", "export_size must be between 1 and 100000; got 100001"},
		"a missing required filter":                    {"Invalid HSS Export", `category is required for kind "vulnerabilities"`},
		"headers that are not pairs":                   {"Invalid HSS Export", "headers must be [key, title] pairs; item 0 has 3 values"},
		"headers for a kind that takes none":           {"Invalid HSS Export", `headers must not be set: kind "image_baseline" takes no columns`},
		"a kind that needs a region, without one":      {"Invalid HSS Export", `region is required for kind "local_image_vulnerabilities"`},
		"a field HSS deprecates":                       {"Invalid HSS Export", `agent_id is deprecated by HSS for kind "web_tamper_hosts"`, "use host_id instead"},
		"an image security report without operate_all": {"Invalid HSS Export", `operate_all is required for kind "image_security_report"`},
		"events more than two days apart":              {"Invalid HSS Export", `end_time must be at most two days`, `after begin_time for kind "events"`},
		"a whole number past the SDK's int32":          {"Invalid HSS Export", "export_size must be between 1 and 2147483647; got 2147483648"},
		"more elements than the SDK allows":            {"Invalid HSS Export", "iac_items.file_id_list must have between 1 and 200 elements; got 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: waitingFactories(),
				Steps: []resource.TestStep{{
					Config:      f.tokenProvider() + "\nresource \"hss_export\" \"v\" {\n  " + c.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: errorLike(want[c.name]...),
				}},
			})
			expectRequests(t, f, 0)
		})
	}
}

// Values known only at apply are not held against the kind at plan time.
func TestExportResource_ValuesKnownOnlyAtApply(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + `
resource "terraform_data" "later" {
  input = { size = 10, category = "vul", headers = [["a", "b"]] }
}
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = terraform_data.later.output.size
  headers     = terraform_data.later.output.headers
  filters     = { category = terraform_data.later.output.category }
}
resource "hss_export" "w" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["a", "b"]]
  filters     = terraform_data.later.output
}
`,
			ExpectError: errorLike(`size is not a filter of kind "vulnerabilities"`),
		}},
	})
	// Both passed the plan; at apply the first started, and the second,
	// whose filters turned out to hold size and headers, was refused.
	if n := len(f.sim.Exports()); n != 1 {
		t.Errorf("%d exports, want 1", n)
	}
}

// A column key outside the list a kind is known to take is a warning at
// plan time, not an error: the lists may be incomplete.
func TestExportResource_UnknownColumnKeyIsAWarning(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }}
	out, err := planOutput(t, p, f.tokenProvider()+`
resource "hss_export" "c" {
  kind        = "containers"
  export_size = 10
  headers     = [["container_name", "Name"], ["containr_id", "Id"]]
}
`)
	if err != nil || !strings.Contains(out, "Warning: Unknown HSS Export Column") ||
		!strings.Contains(out, `Column key "containr_id" is not one that kind "containers" is known to take`) ||
		strings.Contains(out, `"container_name" is not`) {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	expectRequests(t, f, 0)
}

// Filters passed through a map(string) variable, as modules do, start the
// export with the values the kind's types want.
func TestExportResource_StringFiltersFromAVariable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + `
variable "f" {
  type    = map(string)
  default = { category = "risk-config", limit = "10", offset = "0" }
}

resource "hss_export" "b" {
  kind        = "baseline"
  export_size = 10
  headers     = [["host_name", "Server"]]
  filters     = var.f
}
`,
		}},
	})
	exports := f.sim.Exports()
	if len(exports) != 1 {
		t.Fatalf("%d exports started, want 1", len(exports))
	}
	body, _ := exports[0].Body.(map[string]any)
	if body["limit"] != float64(10) || body["offset"] != float64(0) || body["category"] != "risk-config" {
		t.Errorf("the export was started with %v", body)
	}
}

// A wait that runs out keeps the running task: the apply succeeds with a
// warning, and the next apply waits for that task again (it finished in
// between) instead of starting a second export.
func TestExportResource_WaitThatRunsOutIsResumed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 1 << 30}) // never finishes by itself
	config := func(create string) string {
		return f.tokenProvider() + `
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul" }
  timeouts    = { create = "` + create + `" }
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{
				// The task never finishes within 1s, however fast the machine.
				Config: config("1s"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("task_status"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("file_id"), knownvalue.StringExact("")),
				},
				// The next plan resumes the wait.
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					f.sim.AddTask(hsssim.Task{ID: "sim-task-000001", Kind: "vulnerabilities", Name: "v", Status: "success",
						FileID: "sim-file-000001", FileName: "v.zip", RunningPolls: 2})
				},
				Config: config("10m"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("task_id"), knownvalue.StringExact("sim-task-000001")),
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("task_status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("file_id"), knownvalue.StringExact("sim-file-000001")),
				},
			},
		},
	})
	if n := len(f.sim.Exports()); n != 1 {
		t.Errorf("%d exports started, want 1", n)
	}
}

// Import says why it cannot be done and where to go, for both resources.
func TestExportResource_ImportSaysWhereToGo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// An import step runs init on this configuration as it is: it names its
	// provider as terraform-plugin-testing serves it, under Terraform
	// (hashicorp/hss) and OpenTofu (TF_ACC_PROVIDER_NAMESPACE) alike.
	namespace := os.Getenv("TF_ACC_PROVIDER_NAMESPACE")
	if namespace == "" {
		namespace = "hashicorp"
	}
	config := `
terraform {
  required_providers {
    hss = { source = "` + namespace + `/hss" }
  }
}
` + f.tokenProvider() + `
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul" }
}

resource "hss_export_file" "v" {
  file_id = "f-1"
  path    = "` + filepath.ToSlash(filepath.Join(t.TempDir(), "v.zip")) + `"
}
`
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"hss_export.v", []string{"Cannot Import HSS Export", "hss_export_task data source", `task_id = "t-1"`}},
		{"hss_export_file.v", []string{"Cannot Import HSS Export File", "an apply downloads the file again"}},
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: waitingFactories(),
			Steps: []resource.TestStep{{
				Config: config, ResourceName: tc.name, ImportState: true, ImportStateId: "t-1",
				ExpectError: errorLike(tc.want...),
			}},
		})
	}
	expectRequests(t, f, 0)
}

// A kind that does not exist is one error, the schema's, not two.
func TestExportResource_BadKindIsReportedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	out, err := planOutput(t, &HSSProvider{version: "test", getenv: func(string) string { return "" }}, f.tokenProvider()+`
resource "hss_export" "v" {
  kind = "vulns"
}
`)
	if err == nil || strings.Count(out, "Error:") != 1 || !strings.Contains(out, "value must be one of") {
		t.Fatalf("plan: %v\n%s", err, out)
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

// The README's chain when the export's wait runs out: one warning from
// hss_export naming the task, and one error from hss_export_file saying
// why file_id is empty (no generic attribute error, no plan warning that
// repeats it); the next plan says why hss_export changes, and the apply
// after it downloads the file of the same, single export.
func TestExportResource_WaitThatRunsOutBeforeADownload(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 1 << 30}) // never finishes by itself
	dest := filepath.Join(t.TempDir(), "v.zip")
	s := newCLISession(t, f.tokenProvider()+`
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul" }
  timeouts    = { create = "1s" }
}

resource "hss_export_file" "v" {
  file_id = hss_export.v.file_id
  path    = "`+dest+`"
}
`)
	out, err := s.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply succeeded:\n%s", out)
	}
	for text, want := range map[string]int{
		"Warning: HSS Export Still Running": 1, `Export task "sim-task-000001" was still running`: 1,
		"starts no new export": 1, "Error: HSS Export Not Finished": 1, "file_id is empty because the export": 1,
		"Invalid Attribute Value": 0, "Cannot Be Downloaded Yet": 0,
	} {
		if got := strings.Count(out, text); got != want {
			t.Errorf("the apply says %q %d times, want %d:\n%s", text, got, want, out)
		}
	}
	out = s.must("plan") // the task still runs
	for _, want := range []string{"Warning: HSS Export Wait Resumes", "hss_export.v will be updated in-place", `"sim-task-000001" was still running at the last apply`} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	f.sim.AddTask(hsssim.Task{ID: "sim-task-000001", Kind: "vulnerabilities", Name: "v", Status: "success",
		FileID: "sim-file-000001", FileName: "v.zip"})
	s.must("apply", "-auto-approve")
	if b, err := os.ReadFile(dest); err != nil || len(b) < 2 || string(b[:2]) != "PK" {
		t.Errorf("the file was not downloaded: %v", err)
	}
	if n := len(f.sim.Exports()); n != 1 {
		t.Errorf("%d exports started, want 1", n)
	}
}

// A refresh of the task is bounded by timeouts.read, retries included: a
// status read that hangs ends the plan with an error naming it.
func TestExportResource_RefreshHasADeadline(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	config := f.tokenProvider() + `
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul" }
  timeouts    = { read = "1s" }
}
`
	s := newCLISession(t, config)
	s.must("apply", "-auto-approve")
	// Every read hangs far longer than the timeout, however fast the machine.
	f.sim.Inject(hsssim.Fault{Route: hsssim.RouteExportTask, Delay: time.Hour, Count: 1000})
	out, err := s.run("plan")
	if err == nil || !strings.Contains(out, "did not finish within timeouts.read (1s)") {
		t.Fatalf("plan: %v\n%s", err, out)
	}
}

// A task HSS no longer knows (expired, deleted) leaves the state with a
// warning naming it, and the next apply starts a new export.
func TestExportResource_ForgottenTaskStartsANewExport(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	s := newCLISession(t, f.tokenProvider()+`
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 10
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul" }
}
`)
	s.must("apply", "-auto-approve")
	f.sim.ForgetTask("sim-task-000001")
	out := s.must("plan")
	for _, want := range []string{"Warning: HSS Export Task No Longer Exists", `HSS no longer knows export task "sim-task-000001"`,
		"the next apply starts a new export", "hss_export.v will be created"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	s.must("apply", "-auto-approve")
	if n := len(f.sim.Exports()); n != 2 {
		t.Errorf("%d exports started, want 2", n)
	}
}
