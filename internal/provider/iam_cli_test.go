package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// iamFixture is a simulator with the IAM side: a user, the project of
// cn-north-4 and an agency, serving the task every read asks for.
func iamFixture(t *testing.T) *fixture {
	t.Helper()
	cfg := fixtureConfig()
	cfg.Users = []hsssim.User{{Name: "alice", Password: "correct horse battery", DomainName: "acme"},
		{Name: "bob", Password: "open  sesame  42", DomainName: "acme"}} // two spaces: see TestSecrets_MaskedBeforeShorteningAndFolding
	cfg.Projects = []hsssim.Project{{ID: testProject, Name: "cn-north-4"}}
	cfg.Agencies = []hsssim.Agency{{Name: "hss-reader", DomainName: "acme"}}
	return startFixture(t, cfg)
}

func (f *fixture) count(path string) int {
	n := 0
	for _, r := range f.sim.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// manyReads is a configuration of 20 reads of the fixture's task.
func manyReads(provider string) string {
	return provider + `
data "hss_export_task" "t" {
  count   = 20
  task_id = "` + testTaskID + `"
}
output "files" {
  value = distinct(data.hss_export_task.t[*].file_name)
}
`
}

func TestAuth_PasswordAndProjectLookupThroughTheCLI(t *testing.T) {
	t.Parallel()
	f := iamFixture(t)
	// No project_id: the provider looks it up from the region.
	provider := `provider "hss" {
  endpoint = "` + f.url + `"
  auth_url = "` + f.url + `/v3"
  region   = "cn-north-4"
}`
	env := []string{"HW_USER_NAME=alice", "HW_DOMAIN_NAME=acme", "HW_USER_PASSWORD=correct horse battery"}
	// One read at a time, and the token runs out after the sixth request.
	f.sim.ExpireIssuedAfter(6)
	r := applyReads(t, manyReads(provider), env, "-parallelism=1")
	if n := f.count("/v3/auth/tokens"); n != 2 {
		t.Errorf("%d token requests for 20 reads with one expiry, want 2", n)
	}
	if n := f.count("/v3/projects"); n != 1 {
		t.Errorf("%d project lookups, want 1", n)
	}
	r.expectNoSecrets(t, f, "correct horse battery", "sim-iam-token-")
}

// A refused password is reported as such, with or without project_id (in
// which case the project lookup needs the token first), after one call.
func TestAuth_WrongPasswordIsOneIAMCall(t *testing.T) {
	t.Parallel()
	for name, project := range map[string]string{
		"with a project id":                     `project_id = "` + testProject + `"`,
		"without a project id, before a lookup": "",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := iamFixture(t)
			provider := `provider "hss" {
  endpoint    = "` + f.url + `"
  auth_url    = "` + f.url + `/v3"
  region      = "cn-north-4"
  ` + project + `
  user_name   = "alice"
  domain_name = "acme"
  password    = "not-the-right-one"
}`
			out, err := planOutput(t, &HSSProvider{version: "test", getenv: func(string) string { return "" }}, manyReads(provider))
			if err == nil || !strings.Contains(out, `getting an IAM token for user "alice": HTTP 401: The username or password is wrong`) ||
				!strings.Contains(out, "IAM refused the password login") || strings.Contains(out, "look up the project") {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			if n := f.sim.RequestCount(); n != 1 {
				t.Errorf("%d requests for 20 reads with a wrong password, want 1", n)
			}
		})
	}
}

func TestAuth_SharedConfigProfileThroughTheCLI(t *testing.T) {
	t.Parallel()
	f := iamFixture(t)
	file := filepath.Join(t.TempDir(), "config.json")
	cfg := `{"current": "other", "profiles": [
  {"name": "other", "mode": "AKSK", "accessKeyId": "NOPE", "secretAccessKey": "nope"},
  {"name": "hss", "mode": "AKSK", "accessKeyId": "` + testAK + `", "secretAccessKey": "` + testSK + `",
   "region": "cn-north-4", "projectId": "` + testProject + `"}]}`
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	provider := `provider "hss" {
  endpoint = "` + f.url + `"
}`
	// The profile wins over a token in the environment.
	env := []string{"HW_SHARED_CONFIG_FILE=" + file, "HW_PROFILE=hss", "HW_AUTH_TOKEN=" + testToken}
	r := applyReads(t, manyReads(provider), env)
	for _, req := range f.sim.Requests() {
		if !strings.Contains(req.Header.Get("Authorization"), "Access="+testAK+",") || req.Header.Get("X-Auth-Token") != "" {
			t.Fatalf("a read did not use the profile's keys: %v", req.Header)
		}
	}
	r.expectNoSecrets(t, f, testSK)
}

func TestAuth_AssumeRoleThroughTheCLI(t *testing.T) {
	t.Parallel()
	f := iamFixture(t)
	provider := `provider "hss" {
  endpoint   = "` + f.url + `"
  auth_url   = "` + f.url + `/v3"
  project_id = "` + testProject + `"
  assume_role = {
    agency_name = "hss-reader"
    domain_name = "acme"
    duration    = 900
  }
}`
	env := []string{"HW_ACCESS_KEY=" + testAK, "HW_SECRET_KEY=" + testSK}
	r := applyReads(t, manyReads(provider), env)
	if n := f.count("/v3.0/OS-CREDENTIAL/securitytokens"); n != 1 {
		t.Errorf("%d security token requests, want 1", n)
	}
	for _, req := range f.sim.Requests() {
		if strings.HasPrefix(req.Path, "/v5/") && !strings.Contains(req.Header.Get("Authorization"), "Access=SIMTEMPAK") {
			t.Fatalf("a read was not signed with the agency's keys: %v", req.Header)
		}
	}
	r.expectNoSecrets(t, f, "sim-temp-secret-", testSK)
}
