package provider

// hss_export as users run it: values passed through variables, warnings
// at plan, a wait that runs out, import, and every dead end saying where
// to go.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

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

// An export that is not waited for has no file_id yet: the download says
// why, and where to go.
func TestExportFileResource_EmptyFileIDSaysWhy(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 1 << 30})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + `
resource "hss_export" "v" {
  kind                = "vulnerabilities"
  export_size         = 10
  headers             = [["vul_id", "Vulnerability ID"]]
  filters             = { category = "vul" }
  wait_for_completion = false
}

resource "hss_export_file" "v" {
  file_id = hss_export.v.file_id
  path    = "` + filepath.ToSlash(filepath.Join(t.TempDir(), "v.zip")) + `"
}
`,
			ExpectError: errorLike("file_id is empty: the export has not finished yet", "wait_for_completion", "hss_export_task"),
		}},
	})
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
