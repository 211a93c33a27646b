package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// writeCLIConfig writes a Huawei Cloud CLI configuration with two profiles.
func writeCLIConfig(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "config.json")
	text := `{
  "current": "work",
  "profiles": [
    {"name": "work", "mode": "AKSK", "accessKeyId": "PROFILEAK", "secretAccessKey": "profile-sk",
     "region": "cn-east-3", "projectId": "profile-project"},
    {"name": "temp", "mode": "AKSK", "accessKeyId": "TEMPAK", "secretAccessKey": "temp-sk", "securityToken": "temp-st",
     "region": "ap-southeast-1"},
    {"name": "sso", "mode": "SSO"}
  ]
}`
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// The precedence of credential sources, one table: the provider block,
// then the shared config profile, then the environment; the first source
// that sets any credential is used whole, and must set exactly one kind.
func TestCredentialPrecedence(t *testing.T) {
	cli := writeCLIConfig(t)
	cases := []struct {
		name     string
		block    func(block)
		env      map[string]string
		wantKind string // authKind(), or the error text
		wantErr  bool
		check    func(*testing.T, *resolvedConfig)
	}{
		{name: "a token in the block wins over keys in the environment",
			block:    func(m block) { m["token"] = types.StringValue("t") },
			env:      map[string]string{"HW_ACCESS_KEY": "ak", "HW_SECRET_KEY": "sk"},
			wantKind: "token from the provider block"},
		{name: "keys in the environment are used when the block and no profile set any",
			env:      map[string]string{"HW_ACCESS_KEY": "ak", "HW_SECRET_KEY": "sk"},
			wantKind: "access key from the environment"},
		{name: "a profile wins over the environment, for credentials, region and project",
			block: func(m block) {
				m["profile"] = types.StringValue("work")
				m["shared_config_file"] = types.StringValue(cli)
			},
			env:      map[string]string{"HW_AUTH_TOKEN": "t", "HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": "env-project"},
			wantKind: "access key from the shared config profile",
			check: func(t *testing.T, r *resolvedConfig) {
				if r.get("access_key").value != "PROFILEAK" || r.get("region").value != "cn-east-3" || r.get("project_id").value != "profile-project" {
					t.Errorf("access key %q, region %q, project %q", r.get("access_key").value, r.get("region").value, r.get("project_id").value)
				}
			}},
		{name: "the block wins over the profile, setting by setting",
			block: func(m block) {
				m["shared_config_file"] = types.StringValue(cli)
				m["token"] = types.StringValue("t")
				m["region"] = types.StringValue("cn-north-9")
			},
			wantKind: "token from the provider block",
			check: func(t *testing.T, r *resolvedConfig) {
				if r.get("region").value != "cn-north-9" || r.get("project_id").value != "profile-project" {
					t.Errorf("region %q, project %q", r.get("region").value, r.get("project_id").value)
				}
			}},
		{name: "HW_PROFILE picks a profile with a security token",
			env:      map[string]string{"HW_SHARED_CONFIG_FILE": cli, "HW_PROFILE": "temp"},
			wantKind: "temporary access key from the shared config profile"},
		{name: "a password login from the environment",
			env:      map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_USER_NAME": "alice", "HW_DOMAIN_NAME": "acme", "HW_USER_PASSWORD": "pw"},
			wantKind: "password from the environment"},
		{name: "a user id needs no account",
			env:      map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_USER_ID": "u1", "HW_USER_PASSWORD": "pw"},
			wantKind: "password from the environment"},
		{name: "an assumed agency on top of keys",
			env: map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_ACCESS_KEY": "ak", "HW_SECRET_KEY": "sk",
				"HW_ASSUME_ROLE_AGENCY_NAME": "reader", "HW_ASSUME_ROLE_DOMAIN_NAME": "acme", "HW_ASSUME_ROLE_DURATION": "1800"},
			wantKind: "access key, assuming agency reader from the environment",
			check: func(t *testing.T, r *resolvedConfig) {
				if r.assumeRole.Duration.Seconds() != 1800 || r.assumeRole.DomainName != "acme" {
					t.Errorf("assume role %+v", r.assumeRole)
				}
			}},
		{name: "a token and keys in one source conflict", wantErr: true,
			block: func(m block) {
				m["token"] = types.StringValue("t")
				m["access_key"] = types.StringValue("ak")
				m["secret_key"] = types.StringValue("sk")
			},
			wantKind: "The provider block sets a token (token) and an access key pair (access_key)"},
		{name: "a password and a token in the environment conflict", wantErr: true,
			env:      map[string]string{"HW_AUTH_TOKEN": "t", "HW_USER_NAME": "alice", "HW_DOMAIN_NAME": "acme", "HW_USER_PASSWORD": "pw"},
			wantKind: "Conflicting HSS Credentials"},
		{name: "a user name without an account", wantErr: true,
			env: map[string]string{"HW_USER_NAME": "alice", "HW_USER_PASSWORD": "pw"}, wantKind: "Missing HSS Account"},
		{name: "a user without a password", wantErr: true,
			env: map[string]string{"HW_USER_NAME": "alice", "HW_DOMAIN_NAME": "acme"}, wantKind: "Missing HSS Password"},
		{name: "a password without a user", wantErr: true,
			env: map[string]string{"HW_USER_PASSWORD": "pw"}, wantKind: "Missing HSS User"},
		{name: "a password login with neither region nor auth_url", wantErr: true,
			block: func(m block) {
				m["endpoint"] = types.StringValue("https://hss.example.com")
				m["project_id"] = types.StringValue("p")
			},
			env: map[string]string{"HW_REGION_NAME": "", "HW_USER_ID": "u1", "HW_USER_PASSWORD": "pw"}, wantKind: "Missing IAM Endpoint"},
		{name: "an agency without its account", wantErr: true,
			env:      map[string]string{"HW_AUTH_TOKEN": "t", "HW_ASSUME_ROLE_AGENCY_NAME": "reader"},
			wantKind: "exactly one of assume_role.domain_name and assume_role.domain_id"},
		{name: "an agency duration out of range", wantErr: true,
			env:      map[string]string{"HW_AUTH_TOKEN": "t", "HW_ASSUME_ROLE_AGENCY_NAME": "reader", "HW_ASSUME_ROLE_DOMAIN_ID": "d", "HW_ASSUME_ROLE_DURATION": "60"},
			wantKind: "between 900 and 86400"},
		{name: "an agency's account without the agency", wantErr: true,
			env: map[string]string{"HW_AUTH_TOKEN": "t", "HW_ASSUME_ROLE_DOMAIN_NAME": "acme"}, wantKind: "HW_ASSUME_ROLE_AGENCY_NAME is not"},
		{name: "a profile that does not exist", wantErr: true,
			env: map[string]string{"HW_SHARED_CONFIG_FILE": cli, "HW_PROFILE": "nope"}, wantKind: `has no profile "nope"`},
		{name: "a profile of a mode the provider cannot read", wantErr: true,
			env: map[string]string{"HW_SHARED_CONFIG_FILE": cli, "HW_PROFILE": "sso"}, wantKind: `uses mode "SSO"`},
		{name: "a shared config file that does not exist", wantErr: true,
			env: map[string]string{"HW_SHARED_CONFIG_FILE": filepath.Join(t.TempDir(), "missing.json")}, wantKind: "cannot read the shared config file"},
		{name: "no project id but a region: the project is looked up",
			env:      map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_TOKEN": "t"},
			wantKind: "token from the environment"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := block{}
			if c.block != nil {
				c.block(m)
			}
			env := map[string]string{"HW_REGION_NAME": "cn-north-4"}
			for k, v := range c.env {
				env[k] = v
			}
			r, diags := resolveConfig(m, func(k string) string { return env[k] })
			var text strings.Builder
			for _, d := range diags {
				text.WriteString(d.Summary() + ": " + d.Detail() + "\n")
			}
			got := strings.Join(strings.Fields(text.String()), " ")
			switch {
			case c.wantErr && !strings.Contains(got, c.wantKind):
				t.Fatalf("diagnostics do not mention %q:\n%s", c.wantKind, text.String())
			case !c.wantErr && diags.HasError():
				t.Fatalf("unexpected diagnostics:\n%s", text.String())
			case !c.wantErr && r.authKind() != c.wantKind:
				t.Errorf("credentials: %s, want %s", r.authKind(), c.wantKind)
			}
			if c.check != nil && !diags.HasError() {
				c.check(t, r)
			}
		})
	}
}
