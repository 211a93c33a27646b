package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
	"github.com/hss-community/terraform-provider-hss/internal/serve"
)

// testRoot is a directory that lives as long as the test binary.
var testRoot string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests keeps the terraform CLI the tests drive from phoning home and
// from reading the user's CLI configuration (an empty one of our own
// replaces it), and the tests from depending on the shell that runs them.
func runTests(m *testing.M) int {
	isolateFromShell()
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	dir, err := os.MkdirTemp("", "hss-provider-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	testRoot = dir
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = os.Setenv("TF_CLI_CONFIG_FILE", rc)
	return m.Run()
}

// shellEnv holds the HW_*, HSS_ACC_* and TF_* variables of the shell that
// ran the tests. isolateFromShell takes them out of the process, so that
// a user's credentials, profile, retries or terraform settings change no
// test; only the acceptance tests, which are meant for the user's real
// credentials, read them from here.
var shellEnv = map[string]string{}

// keptFromShell are the TF_* variables that choose how the tests run rather
// than what they see: the CLI to drive and how it addresses the provider,
// whether acceptance tests run, and where terraform-plugin-testing writes
// its logs.
var keptFromShell = map[string]bool{
	"TF_ACC": true, "TF_ACC_TERRAFORM_PATH": true, "TF_ACC_LOG_PATH": true, "TF_LOG_PATH_MASK": true,
	"TF_ACC_PERSIST_WORKING_DIR": true,
	// Which registry host and namespace the provider is addressed by
	// (registry.opentofu.org under OpenTofu; see make test-matrix).
	"TF_ACC_PROVIDER_HOST": true, "TF_ACC_PROVIDER_NAMESPACE": true,
}

func isolateFromShell() {
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		ours := strings.HasPrefix(name, "HW_") || strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "HSS_ACC_")
		if !ours || keptFromShell[name] {
			continue
		}
		shellEnv[name] = value
		_ = os.Unsetenv(name)
	}
}

const (
	testProject = "p-0123456789"
	testToken   = "tok-0123456789abcdef"
	testAK      = "AKTESTEXAMPLE"
	testSK      = "sk-test-secret-0123456789"
	testSTS     = "sts-token-0123456789"
	testTaskID  = "94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2"
)

// fixture is a simulator on loopback that accepts the test credentials
// and knows one finished task, doneTask; a test seeds any other task it
// reads next to its assertions (f.sim.AddTask).
type fixture struct {
	sim *hsssim.Simulator
	url string
}

// doneTask is an export of vulnerabilities that has finished.
var doneTask = hsssim.Task{ID: testTaskID, Name: "vul_vul_export_task", Status: "success",
	FileID: "b3e83d25-d92f-4963-a293-e056e81ec44d", FileName: "hss-vul-vul-en.zip"}

// fixtureConfig is the simulator every CLI test starts from: the project,
// a token, a key pair and temporary keys, and doneTask.
func fixtureConfig() hsssim.Config {
	return hsssim.Config{
		ProjectID: testProject,
		Tokens:    []string{testToken},
		Credentials: []hsssim.Credential{
			{AccessKey: testAK, SecretKey: testSK},
			{AccessKey: "TEMP" + testAK, SecretKey: testSK, SecurityToken: testSTS},
		},
		Tasks: []hsssim.Task{doneTask},
	}
}

// startFixture serves a simulator of cfg on loopback for the test: the one
// place a test's simulator is built.
func startFixture(t *testing.T, cfg hsssim.Config) *fixture {
	t.Helper()
	sim := hsssim.New(cfg)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &fixture{sim: sim, url: srv.URL}
}

// newFixture starts fixtureConfig's simulator; exports, when given, sets
// how its exports behave (ExportRunningPolls, FileSize).
func newFixture(t *testing.T, exports ...hsssim.Config) *fixture {
	t.Helper()
	cfg := fixtureConfig()
	for _, e := range exports {
		cfg.ExportRunningPolls, cfg.FileSize = e.ExportRunningPolls, e.FileSize
	}
	return startFixture(t, cfg)
}

// served is p as the tests serve it: through serve.NewServer, as main
// does, a fresh copy of p for each terraform command, as Terraform starts
// a fresh provider for each.
func served(p *HSSProvider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return serve.NewServer(func() provider.Provider { fresh := *p; return &fresh })(), nil
	}
}

// factories serves the provider in-process with env as its whole
// environment, so tests run in parallel and never see the user's HW_*
// variables.
func factories(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hss": served(&HSSProvider{
			version: "test",
			getenv:  func(k string) string { return env[k] },
		}),
	}
}

// tokenProvider is a provider block for the fixture with token auth and
// extra arguments.
func (f *fixture) tokenProvider(extra ...string) string {
	return fmt.Sprintf(`
provider "hss" {
  endpoint   = %q
  project_id = %q
  token      = %q
  %s
}
`, f.url, testProject, testToken, strings.Join(extra, "\n  "))
}

// statuses lists the HTTP statuses the simulator answered, in order.
func (f *fixture) statuses() []int {
	var out []int
	for _, r := range f.sim.Requests() {
		out = append(out, r.Status)
	}
	return out
}

// errorLike matches an error that contains each part in order. Terraform
// wraps diagnostics at 80 columns, so a space in a part matches any run of
// whitespace; parts are otherwise literal.
func errorLike(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

func expectRequests(t *testing.T, f *fixture, want int) {
	t.Helper()
	if got := f.sim.RequestCount(); got != want {
		t.Errorf("the simulator saw %d requests (statuses %v), want %d", got, f.statuses(), want)
	}
}

func TestProvider_SchemaIsValid(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config:             `provider "hss" {}`,
			PlanOnly:           true,
			ExpectNonEmptyPlan: false,
		}},
	})
}

func TestProvider_ConfigErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	t.Cleanup(func() { expectRequests(t, f, 0) })
	read := `
data "hss_export_task" "t" {
  task_id = "` + testTaskID + `"
}
`
	cases := []struct {
		name   string
		env    map[string]string
		config string
		want   []string
	}{
		{"no credentials at all", nil,
			fmt.Sprintf(`provider "hss" {
  endpoint   = %q
  project_id = "p"
}`, f.url),
			[]string{"Missing HSS Credentials", "HW_AUTH_TOKEN", "HW_ACCESS_KEY"}},
		{"a token and an access key pair in the provider block", nil,
			f.tokenProvider(`access_key = "`+testAK+`"`, `secret_key = "`+testSK+`"`),
			[]string{"Conflicting HSS Credentials", "The provider block sets a token (token) and an access key pair"}},
		{"a token and an access key pair in the environment", map[string]string{"HW_AUTH_TOKEN": testToken, "HW_ACCESS_KEY": testAK, "HW_SECRET_KEY": testSK},
			fmt.Sprintf(`provider "hss" {
  endpoint   = %q
  project_id = "p"
}`, f.url),
			[]string{"Conflicting HSS Credentials", "The environment sets a token (HW_AUTH_TOKEN) and an access key pair (HW_ACCESS_KEY)"}},
		{"an access key without its secret", map[string]string{"HW_ACCESS_KEY": testAK},
			fmt.Sprintf(`provider "hss" {
  endpoint   = %q
  project_id = "p"
}`, f.url),
			[]string{"Missing HSS Secret Key", "HW_SECRET_KEY"}},
		{"a secret key without its access key", nil,
			fmt.Sprintf(`provider "hss" {
  endpoint   = %q
  project_id = "p"
  secret_key = "s"
}`, f.url),
			[]string{"Missing HSS Access Key", "HW_ACCESS_KEY"}},
		{"no project id", map[string]string{"HW_AUTH_TOKEN": testToken},
			fmt.Sprintf(`provider "hss" {
  endpoint = %q
}`, f.url),
			[]string{"Missing HSS Project ID", "HW_PROJECT_ID"}},
		{"no region and no endpoint", map[string]string{"HW_AUTH_TOKEN": testToken, "HW_PROJECT_ID": "p"},
			`provider "hss" {}`,
			[]string{"Missing HSS Region", "HW_REGION_NAME", "HW_HSS_ENDPOINT"}},
		{"an endpoint without a scheme", nil,
			`provider "hss" {
  endpoint   = "hss.example.com"
  project_id = "p"
  token      = "t"
}`,
			[]string{"endpoint must be an absolute URL starting with https://"}},
		{"an endpoint from the environment with a query", map[string]string{"HW_HSS_ENDPOINT": "https://h.example.com/?x=1"},
			`provider "hss" {
  project_id = "p"
  token      = "t"
}`,
			[]string{"Invalid HW_HSS_ENDPOINT Environment Variable", "must not have a query"}},
		{"a negative max_retries", nil, f.tokenProvider("max_retries = -1"),
			[]string{"max_retries", "between 0 and 20"}},
		{"a max_retries from the environment that is not a number", map[string]string{"HW_MAX_RETRIES": "lots"},
			f.tokenProvider(), []string{"Invalid HW_MAX_RETRIES Environment Variable", `must be a whole number between 0 and 20, got "lots"`}},
		{"a region that is not a region id", nil, f.tokenProvider(`region = "cn north"`),
			[]string{"region must be a region id such as cn-north-4"}},
		{"an empty token", nil,
			fmt.Sprintf(`provider "hss" {
  endpoint   = %q
  project_id = "p"
  token      = ""
}`, f.url),
			[]string{"token must not be empty"}},
		{"plain http to another machine", nil,
			`provider "hss" {
  endpoint   = "http://hss.example.com"
  project_id = "p"
  token      = "t"
}`,
			[]string{"Insecure HSS Endpoint", "allow_http = true"}},
		{"a max_retries far too large", nil, f.tokenProvider("max_retries = 100000"), []string{"max_retries", "between 0 and 20"}},
		{"a fractional max_retries", nil, f.tokenProvider("max_retries = 1.5"),
			[]string{"Invalid Attribute Value", "max_retries must be a whole number between 0 and 20, got 1.5."}},
		{"a fractional assume_role duration", nil, f.tokenProvider(`assume_role = {
    agency_name = "a"
    domain_name = "d"
    duration    = 1000.5
  }`), []string{"Invalid Attribute Value", "assume_role.duration must be a whole number between 900 and 86400, got 1000.5."}},
		{"a project id of two dots", nil, fmt.Sprintf(`provider "hss" {
  endpoint   = %q
  project_id = ".."
  token      = "t"
}`, f.url), []string{`project_id must not be ".."`}},
		{"plain http to another machine's IAM", nil, f.tokenProvider(`auth_url = "http://iam.example.com/v3"`),
			[]string{"Insecure IAM Endpoint", "auth_url \"http://iam.example.com/v3\" (in the provider block) uses plain http://"}},
		{"an endpoint known only after apply", nil,
			`resource "terraform_data" "ep" {
  input = "` + f.url + `"
}
provider "hss" {
  endpoint   = terraform_data.ep.output
  project_id = "p"
  token      = "t"
}`,
			[]string{"Unknown HSS Provider Argument", "HW_HSS_ENDPOINT"}},
		{"an empty enterprise project on the data source", nil,
			f.tokenProvider() + `
data "hss_export_task" "other" {
  task_id               = "x"
  enterprise_project_id = ""
}`,
			[]string{"enterprise_project_id must not be empty"}},
		{"a security token without access keys", nil, f.tokenProvider(`security_token = "x"`),
			[]string{"HSS Security Token Without Access Keys"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(c.env),
				Steps: []resource.TestStep{{
					Config:      c.config + read,
					ExpectError: errorLike(c.want...),
				}},
			})
		})
	}
}
