package provider

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Acceptance tests read a real export task from Huawei Cloud. They need
// TF_ACC=1, credentials in the HW_* variables and HSS_ACC_TASK_ID, all
// from the shell that runs them (shellEnv).

func accPreCheck(t *testing.T) string {
	t.Helper()
	env := func(k string) string { return shellEnv[k] }
	taskID := env("HSS_ACC_TASK_ID")
	hasCreds := env("HW_AUTH_TOKEN") != "" || (env("HW_ACCESS_KEY") != "" && env("HW_SECRET_KEY") != "")
	hasWhere := env("HW_PROJECT_ID") != "" && (env("HW_REGION_NAME") != "" || env("HW_HSS_ENDPOINT") != "")
	if os.Getenv("TF_ACC") == "" || taskID == "" || !hasCreds || !hasWhere {
		t.Skip("acceptance test against the real cloud: set TF_ACC=1, HSS_ACC_TASK_ID (an existing export task), " +
			"HW_PROJECT_ID, HW_REGION_NAME (or HW_HSS_ENDPOINT), and HW_AUTH_TOKEN or HW_ACCESS_KEY and HW_SECRET_KEY")
	}
	return taskID
}

// accFactories serves the provider with the shell's HW_* variables.
func accFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hss": served(&HSSProvider{version: "acc", getenv: func(k string) string { return shellEnv[k] }}),
	}
}

func TestAccExportTaskDataSource_Basic(t *testing.T) {
	taskID := accPreCheck(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accFactories(),
		Steps: []resource.TestStep{{
			Config: `provider "hss" {}` + readTask(taskID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("id"), knownvalue.StringExact(taskID)),
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("task_status"),
					knownvalue.StringRegexp(regexp.MustCompile(`^(running|success|failure)$`))),
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("task_name"),
					knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
			},
		}},
	})
}

func TestAccExportTaskDataSource_NotFound(t *testing.T) {
	accPreCheck(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accFactories(),
		Steps: []resource.TestStep{{
			Config:      `provider "hss" {}` + readTask("00000000-0000-0000-0000-000000000000"),
			ExpectError: errorLike("Unable to Read HSS Export Task", "was not found"),
		}},
	})
}

// accCredentials skips unless the shell gives TF_ACC and real credentials.
func accCredentials(t *testing.T) {
	t.Helper()
	env := func(k string) string { return shellEnv[k] }
	hasCreds := env("HW_AUTH_TOKEN") != "" || (env("HW_ACCESS_KEY") != "" && env("HW_SECRET_KEY") != "")
	if os.Getenv("TF_ACC") == "" || !hasCreds || env("HW_REGION_NAME") == "" {
		t.Skip("acceptance test against the real cloud: set TF_ACC=1, HW_REGION_NAME (and HW_PROJECT_ID, or let the " +
			"provider look it up), and HW_AUTH_TOKEN or HW_ACCESS_KEY and HW_SECRET_KEY")
	}
}

// The whole chain against the real cloud: an export of vulnerabilities,
// its task, its file on disk.
func TestAccExportResource_Chain(t *testing.T) {
	accCredentials(t)
	dest := t.TempDir() + "/reports/vulnerabilities.zip"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accFactories(),
		Steps: []resource.TestStep{{
			Config: `provider "hss" {}
resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 100
  headers     = [["vul_id", "Vulnerability ID"], ["vul_name", "Name"]]
  filters     = { category = "vul" }
}
data "hss_export_task" "v" {
  task_id = hss_export.v.task_id
}
resource "hss_export_file" "v" {
  file_id = hss_export.v.file_id
  path    = "` + dest + `"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("hss_export.v", tfjsonpath.New("task_status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue("data.hss_export_task.v", tfjsonpath.New("task_status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue("hss_export_file.v", tfjsonpath.New("sha256"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
			},
			Check: fileMatchesState(dest),
		}},
	})
}
