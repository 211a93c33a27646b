package provider

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Acceptance tests read a real export task from Huawei Cloud. They need
// TF_ACC=1, credentials in the HW_* variables and HSS_ACC_TASK_ID.

func accPreCheck(t *testing.T) string {
	t.Helper()
	taskID := os.Getenv("HSS_ACC_TASK_ID")
	hasCreds := os.Getenv("HW_AUTH_TOKEN") != "" || (os.Getenv("HW_ACCESS_KEY") != "" && os.Getenv("HW_SECRET_KEY") != "")
	hasWhere := os.Getenv("HW_PROJECT_ID") != "" && (os.Getenv("HW_REGION_NAME") != "" || os.Getenv("HW_HSS_ENDPOINT") != "")
	if os.Getenv("TF_ACC") == "" || taskID == "" || !hasCreds || !hasWhere {
		t.Skip("acceptance test against the real cloud: set TF_ACC=1, HSS_ACC_TASK_ID (an existing export task), " +
			"HW_PROJECT_ID, HW_REGION_NAME (or HW_HSS_ENDPOINT), and HW_AUTH_TOKEN or HW_ACCESS_KEY and HW_SECRET_KEY")
	}
	return taskID
}

func TestAccExportTaskDataSource_Basic(t *testing.T) {
	taskID := accPreCheck(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"hss": providerserver.NewProtocol6WithError(New("acc")()),
		},
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
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"hss": providerserver.NewProtocol6WithError(New("acc")()),
		},
		Steps: []resource.TestStep{{
			Config:      `provider "hss" {}` + readTask("00000000-0000-0000-0000-000000000000"),
			ExpectError: errorLike("Unable to Read HSS Export Task", "was not found"),
		}},
	})
}
