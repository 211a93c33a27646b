package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every argument through resolveConfig, from the provider block and from the
// environment. The CLI tests cover how the same diagnostics reach the user.
func TestResolveConfig(t *testing.T) {
	ok := func() block {
		m := block{}
		m["project_id"], m["token"] = types.StringValue("p"), types.StringValue("t")
		return m
	}
	cases := []struct {
		name    string
		mutate  func(block)
		env     map[string]string
		wantErr string // empty: no diagnostics
		notWant string // a diagnostic that must not appear
		check   func(*testing.T, *resolvedConfig)
	}{
		{name: "a region and a token are enough", env: map[string]string{"HW_REGION_NAME": "cn-north-4"}},
		{name: "environment values are trimmed",
			env: map[string]string{"HW_REGION_NAME": " cn-north-4\n", "HW_MAX_RETRIES": " 3 "},
			check: func(t *testing.T, r *resolvedConfig) {
				if r.get("region").value != "cn-north-4" || r.maxRetries() != 3 {
					t.Errorf("region %q, max_retries %d", r.get("region").value, r.maxRetries())
				}
			}},
		{name: "the provider block wins over the environment",
			mutate: func(m block) { m["region"] = types.StringValue("cn-east-3") },
			env:    map[string]string{"HW_REGION_NAME": "cn-north-4"},
			check: func(t *testing.T, r *resolvedConfig) {
				if r.get("region").value != "cn-east-3" || r.get("region").src != fromBlock {
					t.Errorf("region = %+v", r.get("region"))
				}
			}},
		{name: "max_retries defaults to 5", env: map[string]string{"HW_REGION_NAME": "cn-north-4"},
			check: func(t *testing.T, r *resolvedConfig) {
				if r.maxRetries() != 5 {
					t.Errorf("max_retries = %d", r.maxRetries())
				}
			}},
		{name: "max_retries 0 is allowed", env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_MAX_RETRIES": "0"},
			check: func(t *testing.T, r *resolvedConfig) {
				if r.maxRetries() != 0 {
					t.Errorf("max_retries = %d", r.maxRetries())
				}
			}},
		{name: "a negative HW_MAX_RETRIES", env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_MAX_RETRIES": "-1"}, wantErr: "between 0 and 20"},
		{name: "a huge HW_MAX_RETRIES", env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_MAX_RETRIES": "99999999999999999999"}, wantErr: "between 0 and 20"},
		{name: "HW_INSECURE that is not a bool", env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_INSECURE": "yes please"}, wantErr: "The HW_INSECURE environment variable, used because the provider block sets no insecure, must be true or false"},
		{name: "a region with a dot from the environment", env: map[string]string{"HW_REGION_NAME": "cn-north-4.evil.com"}, wantErr: "Invalid HW_REGION_NAME"},
		{name: "a region with a slash", mutate: func(m block) { m["endpoint"] = types.StringValue("https://h") },
			env: map[string]string{"HW_REGION_NAME": "a/b"}, wantErr: "must be a region id"},
		{name: "an endpoint without scheme from the environment", env: map[string]string{"HW_HSS_ENDPOINT": "hss.example.com"}, wantErr: "must be an absolute URL"},
		{name: "an endpoint with a query", env: map[string]string{"HW_HSS_ENDPOINT": "https://hss.example.com?x=1"}, wantErr: "must not have a query"},
		{name: "an endpoint with a fragment", env: map[string]string{"HW_HSS_ENDPOINT": "https://hss.example.com/#f"}, wantErr: "must not have a fragment"},
		{name: "an endpoint with a path is a prefix", env: map[string]string{"HW_HSS_ENDPOINT": "https://gw.example.com/hss"}},
		{name: "plain http to another machine is refused",
			env: map[string]string{"HW_HSS_ENDPOINT": "http://hss.example.com"}, wantErr: "Insecure HSS Endpoint"},
		{name: "plain http to another machine is allowed with allow_http",
			env: map[string]string{"HW_HSS_ENDPOINT": "http://hss.example.com", "HW_HSS_ALLOW_HTTP": "true"}},
		{name: "plain http to localhost is allowed", env: map[string]string{"HW_HSS_ENDPOINT": "http://localhost:8080"}},
		{name: "plain http to 127.0.0.2 is allowed", env: map[string]string{"HW_HSS_ENDPOINT": "http://127.0.0.2:8080"}},
		{name: "plain http to [::1] is allowed", env: map[string]string{"HW_HSS_ENDPOINT": "http://[::1]:8080"}},
		{name: "a project id with whitespace from the environment",
			mutate: func(m block) { m["project_id"] = types.StringNull() },
			env:    map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": "a b"}, wantErr: "must not contain whitespace"},
		{name: "a project id of one dot", mutate: func(m block) { m["project_id"] = types.StringNull() },
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": "."}, wantErr: `must not be "."`},
		{name: "a project id of two dots", mutate: func(m block) { m["project_id"] = types.StringNull() },
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": ".."}, wantErr: `must not be ".."`},
		{name: "a project id with a slash", mutate: func(m block) { m["project_id"] = types.StringNull() },
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": "a/b"}, wantErr: "must not contain '/'"},
		{name: "plain http to another machine's IAM is refused",
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_URL": "http://iam.example.com/v3"}, wantErr: "Insecure IAM Endpoint"},
		{name: "plain http to another machine's IAM is allowed with allow_http",
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_URL": "http://iam.example.com/v3", "HW_HSS_ALLOW_HTTP": "true"}},
		{name: "plain http to this machine's IAM is allowed",
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_URL": "http://127.0.0.1:8080/v3"}},
		{name: "an endpoint's user info is never repeated",
			env:     map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_HSS_ENDPOINT": "http://user:hunter2@hss.example.com"},
			wantErr: "must not contain user info", notWant: "hunter2"},
		{name: "conflicting credentials are the only error, without an IAM endpoint",
			mutate: func(m block) {
				m["endpoint"] = types.StringValue("https://hss.example.com")
				m["user_name"], m["domain_name"], m["password"] = types.StringValue("alice"), types.StringValue("acme"), types.StringValue("pw")
			},
			wantErr: "a token (token) and a password login (password)", notWant: "IAM Endpoint"},
		{name: "a token with a control character from the environment",
			mutate: func(m block) { m["token"] = types.StringNull() },
			env:    map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_TOKEN": "to\x00ken"}, wantErr: "control characters"},
		{name: "a token of invalid UTF-8 from the environment",
			mutate: func(m block) { m["token"] = types.StringNull() },
			env:    map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_TOKEN": "tok\xffen"}, wantErr: "valid UTF-8"},
		{name: "an over-long enterprise project from the environment",
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_ENTERPRISE_PROJECT_ID": strings.Repeat("e", 65)}, wantErr: "at most 64"},
		{name: "a cloud that is not a domain from the environment",
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_CLOUD": "exa mple"}, wantErr: "must be a domain name"},
		{name: "a token and an access key from the environment conflict",
			mutate: func(m block) { m["token"] = types.StringNull() },
			env:    map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_TOKEN": "t", "HW_ACCESS_KEY": "ak", "HW_SECRET_KEY": "sk"}, wantErr: "Conflicting HSS Credentials"},
		{name: "temporary keys from the environment",
			mutate: func(m block) { m["token"] = types.StringNull() },
			env:    map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_ACCESS_KEY": "ak", "HW_SECRET_KEY": "sk", "HW_SECURITY_TOKEN": "st"},
			check: func(t *testing.T, r *resolvedConfig) {
				if r.authKind() != "temporary access key from the environment" {
					t.Errorf("auth kind = %s", r.authKind())
				}
			}},
		{name: "an unknown token", mutate: func(m block) { m["token"] = types.StringUnknown() },
			env: map[string]string{"HW_REGION_NAME": "cn-north-4"}, wantErr: "Unknown HSS Provider Argument"},
		{name: "an unknown max_retries", mutate: func(m block) { m["max_retries"] = types.NumberUnknown() },
			env: map[string]string{"HW_REGION_NAME": "cn-north-4"}, wantErr: "HW_MAX_RETRIES environment variable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := ok()
			if c.mutate != nil {
				c.mutate(m)
			}
			r, diags := resolveConfig(m, func(k string) string { return c.env[k] })
			var text strings.Builder
			for _, d := range diags {
				text.WriteString(d.Summary() + ": " + d.Detail() + "\n")
			}
			switch {
			case c.wantErr == "" && diags.HasError():
				t.Fatalf("unexpected diagnostics:\n%s", text.String())
			case c.wantErr != "" && !strings.Contains(text.String(), c.wantErr):
				t.Fatalf("diagnostics do not mention %q:\n%s", c.wantErr, text.String())
			case c.notWant != "" && strings.Contains(text.String(), c.notWant):
				t.Fatalf("diagnostics mention %q:\n%s", c.notWant, text.String())
			}
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}
