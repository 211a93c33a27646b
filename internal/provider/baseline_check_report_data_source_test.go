package provider

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

const reportAddr = "data.hss_baseline_check_report.r"

// reportFixture serves three configuration check results: a failed High
// one, the same rule ignored on another host, and a passed Low one in
// another enterprise project.
func reportFixture(t *testing.T) *fixture {
	t.Helper()
	cfg := fixtureConfig()
	cfg.BaselineChecks = []hsssim.BaselineCheck{
		{HostID: "h-1", HostName: "web-1", HostPublicIP: "203.0.113.1", HostPrivateIP: "10.0.0.1", CheckType: "SSH",
			CheckName: "SSH", Standard: "hw_standard", CheckRuleName: "PermitRootLogin no", ExecutableFilePath: "/etc/ssh/sshd_config",
			Severity: "High", ScanResult: "failed", Status: "unhandled", CheckRuleDesc: "Root may not log in over SSH.",
			Audit: "grep PermitRootLogin /etc/ssh/sshd_config", Remediation: "Set PermitRootLogin no.\nRestart sshd.",
			CheckInfoList: `[{"check_description":"x"}]`, CreateTime: 1764547200000},
		{HostID: "h-2", HostName: "web-2", CheckName: "SSH", CheckRuleName: "PermitRootLogin no", Severity: "High",
			ScanResult: "failed", Status: "ignored"},
		{HostID: "h-3", HostName: "db-1", CheckName: "CentOS 7", CheckRuleName: "Password length", Severity: "Low",
			ScanResult: "pass", Status: "safe", EnterpriseProjectID: "team-b"},
	}
	return startFixture(t, cfg)
}

func readReport(args ...string) string {
	return "data \"hss_baseline_check_report\" \"r\" {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

// Every field of a row reaches the state by its API name, line breaks
// kept; filters and the enterprise project choose the rows.
func TestBaselineCheckReportDataSource_Rows(t *testing.T) {
	t.Parallel()
	f := reportFixture(t)
	row := func(i int, name string) tfjsonpath.Path {
		return tfjsonpath.New("results").AtSliceIndex(i).AtMapKey(name)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config: f.tokenProvider() + readReport(`severity = "High"`, `scan_result = "failed"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reportAddr, tfjsonpath.New("total_num"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(reportAddr, tfjsonpath.New("results"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(reportAddr, row(0, "host_public_ip"), knownvalue.StringExact("203.0.113.1")),
					statecheck.ExpectKnownValue(reportAddr, row(0, "executable_file_path"), knownvalue.StringExact("/etc/ssh/sshd_config")),
					statecheck.ExpectKnownValue(reportAddr, row(0, "remediation"), knownvalue.StringExact("Set PermitRootLogin no.\nRestart sshd.")),
					statecheck.ExpectKnownValue(reportAddr, row(0, "check_info_list"), knownvalue.StringExact(`[{"check_description":"x"}]`)),
					statecheck.ExpectKnownValue(reportAddr, row(0, "create_time"), knownvalue.Int64Exact(1764547200000)),
					statecheck.ExpectKnownValue(reportAddr, row(1, "status"), knownvalue.StringExact("ignored")),
				},
			},
			{
				Config: f.tokenProvider() + readReport(`enterprise_project_id = "all_granted_eps"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reportAddr, tfjsonpath.New("total_num"), knownvalue.Int64Exact(3)),
				},
			},
		},
	})
	var sent []string
	for _, r := range f.sim.Requests() {
		if strings.HasSuffix(r.Path, "/baseline/risk-config/export") {
			sent = append(sent, r.RawQuery)
		}
	}
	if len(sent) == 0 || sent[0] != "scan_result=failed&severity=High" {
		t.Errorf("queries sent: %q; want the filters given, and no others, first", sent)
	}
}

// A filter HSS would refuse is refused at plan, with the values it takes,
// before any request.
func TestBaselineCheckReportDataSource_FiltersAtPlan(t *testing.T) {
	t.Parallel()
	for arg, want := range map[string]string{
		`severity = "high"`:         `"Low"`,
		`scan_result = "passed"`:    `"failed"`,
		`standard = "iso_standard"`: `"cis_standard"`,
	} {
		t.Run(arg, func(t *testing.T) {
			t.Parallel()
			f := reportFixture(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps:                    []resource.TestStep{{Config: f.tokenProvider() + readReport(arg), ExpectError: errorLike(want)}},
			})
			expectRequests(t, f, 0)
		})
	}
}

// A report past the size bound is an error that says to narrow it.
func TestBaselineCheckReportDataSource_TooLarge(t *testing.T) {
	t.Parallel()
	f := reportFixture(t)
	f.sim.Inject(hsssim.Fault{Route: hsssim.RouteBaselineReport, Size: 65 << 20})
	expectReadError(t, f.tokenProvider()+readReport(), "HSS Baseline Check Report Too Large", "larger than 64 MiB", "narrow it")
}

// The guide's gate: the plan fails, naming the failed check, while a
// failed High check is left that nobody ignored; it passes once that host
// is fixed, the ignored one still failing.
func TestBaselineCheckReportDataSource_GuideGate(t *testing.T) {
	t.Parallel()
	f := reportFixture(t)
	guide, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "baseline-gate", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gate := string(guide)
	gate = gate[strings.Index(gate, "# Every failed High-severity"):]
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }}
	out, err := planOutput(t, p, f.tokenProvider()+gate)
	if err == nil || !strings.Contains(out, "Resource postcondition failed") || !strings.Contains(out, "web-1: SSH / PermitRootLogin no") ||
		strings.Contains(out, "web-2") {
		t.Fatalf("the gate did not stop the plan on web-1 alone: %v\n%s", err, out)
	}
	cfg := fixtureConfig()
	cfg.BaselineChecks = []hsssim.BaselineCheck{{HostID: "h-2", HostName: "web-2", CheckName: "SSH", CheckRuleName: "PermitRootLogin no",
		Severity: "High", ScanResult: "failed", Status: "ignored"}}
	fixed := startFixture(t, cfg)
	if out, err := planOutput(t, p, fixed.tokenProvider()+gate); err != nil {
		t.Fatalf("the gate stopped a plan with only an ignored failure: %v\n%s", err, out)
	}
}
