package provider

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// With TF_LOG=TRACE, neither Terraform's log nor the provider's, nor the
// state, may contain a credential or a request signature, whichever way
// the credentials arrive.
func TestSecrets_NeverLoggedOrStored(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		env     func(f *fixture) []string
		block   string
		secrets []string
	}{
		{"a token from the environment", func(f *fixture) []string {
			return []string{"HW_AUTH_TOKEN=" + testToken}
		}, "", []string{testToken}},
		{"a token in the provider block", nil, `token = "` + testToken + `"`, []string{testToken}},
		{"an access key pair", func(f *fixture) []string {
			return []string{"HW_ACCESS_KEY=" + testAK, "HW_SECRET_KEY=" + testSK}
		}, "", []string{testSK}},
		{"temporary keys with a security token", func(f *fixture) []string {
			return []string{"HW_ACCESS_KEY=TEMP" + testAK, "HW_SECRET_KEY=" + testSK, "HW_SECURITY_TOKEN=" + testSTS}
		}, "", []string{testSK, testSTS}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			var env []string
			if c.env != nil {
				env = c.env(f)
			}
			config := `provider "hss" {
  endpoint   = "` + f.url + `"
  project_id = "` + testProject + `"
  ` + c.block + `
}
` + readTask(testTaskID) + `
output "file" {
  value = data.hss_export_task.t.file_name
}
`
			r := applyReads(t, config, env)
			if !strings.Contains(r.file(t, "trace.log"), "X-Project-Id: "+testProject) {
				t.Fatal("the trace log lacks the masked request headers")
			}
			if !strings.Contains(r.file(t, "terraform.tfstate"), "hss-vul-vul-en.zip") {
				t.Fatal("the state lacks the read")
			}
			r.expectNoSecrets(t, f, c.secrets...)
		})
	}
}

// Against an HTTPS endpoint with a certificate no system CA signed: the
// default fails and says what to do; SSL_CERT_FILE with that certificate
// works; insecure = true works and says so in the log.
func TestTLS_SelfSignedEndpoint(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv := httptest.NewTLSServer(f.sim)
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := x509.ParseCertificate(srv.Certificate().Raw); err != nil {
		t.Fatal(err)
	}
	config := func(extra string) string {
		return `provider "hss" {
  endpoint   = "` + srv.URL + `"
  project_id = "` + testProject + `"
  token      = "` + testToken + `"
  ` + extra + `
}
` + readTask(testTaskID)
	}

	t.Run("the default refuses it and says how to trust it", func(t *testing.T) {
		t.Parallel()
		r := runWithBinary(t, config(""), nil, "plan", "-input=false", "-no-color")
		out := strings.Join(strings.Fields(string(r.out)), " ")
		if r.err == nil || !strings.Contains(out, "TLS certificate could not be verified") ||
			!strings.Contains(out, "SSL_CERT_FILE") || !strings.Contains(out, "insecure = true") {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
	})
	t.Run("SSL_CERT_FILE with its certificate is trusted", func(t *testing.T) {
		t.Parallel()
		r := runWithBinary(t, config(""), []string{"SSL_CERT_FILE=" + caFile}, "plan", "-input=false", "-no-color")
		if r.err != nil {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
	})
	t.Run("insecure = true reads and warns", func(t *testing.T) {
		t.Parallel()
		r := runWithBinary(t, config("insecure = true"), nil, "plan", "-input=false", "-no-color")
		if r.err != nil {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
		if !strings.Contains(r.file(t, "trace.log"), "TLS certificate verification is off") {
			t.Error("no warning about insecure = true in the log")
		}
		out := strings.Join(strings.Fields(string(r.out)), " ")
		if !strings.Contains(out, "Warning: TLS Certificate Verification Is Off") || !strings.Contains(out, "to HSS and to IAM") {
			t.Errorf("the plan does not warn that insecure turns off HSS's and IAM's certificate checks:\n%s", out)
		}
	})
}

// What a server or a configuration echoes back is masked too: a 401 whose
// message quotes the token, and an endpoint with user info, in the output
// and the TRACE log.
func TestSecrets_EchoedBackAreMasked(t *testing.T) {
	t.Parallel()
	t.Run("a token quoted in an error body", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.sim.Inject(hsssim.Fault{Status: 401, Code: "APIGW.0301", Message: "token " + testToken + " has expired"})
		r := runWithBinary(t, f.tokenProvider()+readTask(testTaskID), nil, "plan", "-input=false", "-no-color")
		out := strings.Join(strings.Fields(string(r.out)), " ")
		if r.err == nil || !strings.Contains(out, "HTTP 401 APIGW.0301: token *** has expired") {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
		log := r.file(t, "trace.log")
		if !strings.Contains(log, "HSS error body") {
			t.Fatalf("the trace log lacks the error body line:\n%.2000s", log)
		}
		for where, text := range map[string]string{"output": string(r.out), "TRACE log": log} {
			if strings.Contains(text, testToken) {
				t.Errorf("the %s contains the token", where)
			}
		}
	})
	t.Run("an endpoint with user info", func(t *testing.T) {
		t.Parallel()
		config := `provider "hss" {
  endpoint   = "https://someone:hunter2-secret@hss.example.com"
  project_id = "p"
  token      = "t"
}
` + readTask(testTaskID)
		r := runWithBinary(t, config, nil, "plan", "-input=false", "-no-color")
		out := strings.Join(strings.Fields(string(r.out)), " ")
		if r.err == nil || !strings.Contains(out, `must not contain user info`) || !strings.Contains(out, `"https://***@hss.example.com"`) {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
		// Terraform quotes the configuration line itself; the provider's
		// words must not repeat it.
		var ours []string
		for _, line := range strings.Split(string(r.out), "\n") {
			if !regexp.MustCompile(`^\s*\d+:`).MatchString(line) {
				ours = append(ours, line)
			}
		}
		log := r.file(t, "trace.log")
		for where, text := range map[string]string{"output": strings.Join(ours, "\n"), "TRACE log": log} {
			if strings.Contains(text, "hunter2-secret") || strings.Contains(text, "someone") {
				t.Errorf("the %s contains the endpoint's user info", where)
			}
		}
	})
}

// Secrets a server echoes are masked in the body as it came, before any
// message shortens it or folds its whitespace: a password with two spaces
// and a 400-character token in an HTML error page (which the message cuts
// to 200 characters) show no part of themselves, nor does a token
// JSON-escaped with "\/".
func TestSecrets_MaskedBeforeShorteningAndFolding(t *testing.T) {
	t.Parallel()
	longToken := strings.Repeat("Tk0/", 100)
	t.Run("a password with two spaces, in an HTML page", func(t *testing.T) {
		t.Parallel()
		f := iamFixture(t)
		f.sim.Inject(hsssim.Fault{Status: 400, ContentType: "text/html",
			Body: "<html><p>login failed for password open  sesame  42</p></html>"})
		provider := `provider "hss" {
  endpoint   = "` + f.url + `"
  auth_url   = "` + f.url + `/v3"
  region     = "cn-north-4"
  project_id = "` + testProject + `"
}
`
		env := []string{"HW_USER_NAME=bob", "HW_DOMAIN_NAME=acme", "HW_USER_PASSWORD=open  sesame  42"}
		r := runWithBinary(t, provider+readTask(testTaskID), env, "plan", "-input=false", "-no-color")
		if r.err == nil || !strings.Contains(string(r.out), "password ***") {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
		r.expectNoSecrets(t, f, "open  sesame  42", "open sesame 42", "sesame")
	})
	for name, body := range map[string]string{
		"a long token, in an HTML page cut short": "<html><p>token " + longToken + " is expired</p></html>",
		"a long token, JSON-escaped with \\/": `{"error_code":"APIGW.0301","error_msg":"token ` +
			strings.ReplaceAll(longToken, "/", `\/`) + ` is expired"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.sim.Inject(hsssim.Fault{Status: 401, ContentType: "text/html", Body: body})
			provider := `provider "hss" {
  endpoint   = "` + f.url + `"
  project_id = "` + testProject + `"
  token      = "` + longToken + `"
}
`
			r := runWithBinary(t, provider+readTask(testTaskID), nil, "plan", "-input=false", "-no-color")
			if r.err == nil || !strings.Contains(string(r.out), "token *** is expired") {
				t.Fatalf("plan: %v\n%s", r.err, r.out)
			}
			r.expectNoSecrets(t, f, "Tk0/Tk0/", `Tk0\/Tk0`)
		})
	}
}

// A token a server sends back in an answer that succeeds, partly
// \u-escaped in the task name, reaches neither the state, nor the plan's
// JSON, nor the output; sent base64-encoded in an error, it is masked.
func TestSecrets_SentBackInAnswersAreMasked(t *testing.T) {
	t.Parallel()
	t.Run("partly escaped in a task name", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		escaped := testToken[:3] + `\u` + fmt.Sprintf("%04x", testToken[3]) + testToken[4:]
		f.sim.Inject(hsssim.Fault{Status: 200, Count: 3, Body: `{"task_id":"` + testTaskID + `","task_name":"export for ` + escaped +
			`","task_status":"success","file_id":"f-1","file_name":"hss-vul-vul-en.zip"}`})
		// The token comes from the environment: the plan's JSON quotes
		// the configuration as written.
		config := `provider "hss" {
  endpoint   = "` + f.url + `"
  project_id = "` + testProject + `"
}
` + readTask(testTaskID) + `
output "name" {
  value = data.hss_export_task.t.task_name
}
`
		r := runWithBinary(t, config, []string{"HW_AUTH_TOKEN=" + testToken}, "apply", "-auto-approve", "-input=false", "-no-color")
		if r.err != nil || !strings.Contains(string(r.out), `name = "export for ***"`) {
			t.Errorf("the output does not show the masked name:\n%s", r.out)
		}
		r.expectNoSecrets(t, f, testToken)
		plan := r.again("plan", "-out=tfplan", "-input=false", "-no-color")
		shown := plan.again("show", "-json", "tfplan")
		if plan.err != nil || shown.err != nil || !strings.Contains(string(shown.out), "export for ***") {
			t.Fatalf("plan: %v, show: %v\n%s\n%s", plan.err, shown.err, plan.out, shown.out)
		}
		if strings.Contains(string(shown.out), testToken) || strings.Contains(string(plan.out), testToken) {
			i := strings.Index(string(shown.out)+string(plan.out), testToken)
			t.Errorf("the plan shows the token: …%s…", (string(shown.out) + string(plan.out))[max(0, i-300):i+40])
		}
	})
	t.Run("base64-encoded in an error", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		encoded := base64.StdEncoding.EncodeToString([]byte("token=" + testToken))
		f.sim.Inject(hsssim.Fault{Status: 401, Code: "APIGW.0301", Message: "rejected credentials " + encoded})
		r := runWithBinary(t, f.tokenProvider()+readTask(testTaskID), nil, "plan", "-input=false", "-no-color")
		if r.err == nil || !strings.Contains(string(r.out), "HTTP 401 APIGW.0301") {
			t.Fatalf("plan: %v\n%s", r.err, r.out)
		}
		// "token=" is 6 bytes, 8 characters: the token's own encoding follows.
		tokenPart := encoded[8:24]
		for where, text := range map[string]string{"output": string(r.out), "TRACE log": r.file(t, "trace.log")} {
			if !strings.Contains(text, "rejected credentials") || strings.Contains(text, tokenPart) {
				t.Errorf("the %s does not show the masked message:\n%s", where, text)
			}
		}
	})
}

// Strings from a server reach the state and the terminal without control
// characters or terminal escape sequences.
func TestServerStrings_ReachStateWithoutEscapes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.Inject(hsssim.Fault{Status: 200, Body: `{"task_id":"` + testTaskID +
		`","task_name":"vul\u001b[31m\u001b]0;owned\u0007_export","task_status":"success","file_id":"f-1","file_name":"a\rb.zip"}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + readTask(testTaskID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("task_name"), knownvalue.StringExact("vul_export")),
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("file_name"), knownvalue.StringExact("ab.zip")),
			},
		}},
	})
}
