package provider

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// setting is one string argument after the environment fallback.
type setting struct {
	attr    string
	env     string
	value   string
	fromEnv bool
}

func (s setting) set() bool { return s.value != "" }

// source names where a value came from, for error messages.
func (s setting) source() string {
	if s.fromEnv {
		return s.env
	}
	return s.attr
}

// resolvedConfig is the provider block with every fallback applied.
type resolvedConfig struct {
	region, projectID, endpoint, cloud         setting
	token, accessKey, secretKey, securityToken setting
	enterpriseProjectID                        setting
	insecure, allowHTTP                        bool
	maxRetries                                 int
}

// resolveConfig applies the environment fallbacks to cfg and checks the
// result. Diagnostics name the argument and the variable either can be
// fixed with. Values from the environment get the checks the schema gives
// configured ones.
func resolveConfig(cfg HSSProviderModel, getenv func(string) string) (*resolvedConfig, diag.Diagnostics) {
	var diags diag.Diagnostics
	str := func(v types.String, attr, env string, check func(string) error) setting {
		s := setting{attr: attr, env: env}
		switch {
		case v.IsUnknown():
			diags.Append(unknownDiag(attr, env))
		case !v.IsNull():
			s.value = v.ValueString()
		default:
			s.value, s.fromEnv = strings.TrimSpace(getenv(env)), true
			if s.value != "" && check != nil {
				if err := check(s.value); err != nil {
					diags.AddAttributeError(path.Root(attr), "Invalid "+env+" Environment Variable",
						fmt.Sprintf("The %s environment variable, used because the provider block sets no %s, %s.", env, attr, err))
				}
			}
		}
		return s
	}
	r := &resolvedConfig{
		region:              str(cfg.Region, "region", envRegion, hss.ValidateRegion),
		projectID:           str(cfg.ProjectID, "project_id", envProjectID, checkPrintable(64)),
		endpoint:            str(cfg.Endpoint, "endpoint", envEndpoint, checkEndpoint),
		cloud:               str(cfg.Cloud, "cloud", envCloud, hss.ValidateCloud),
		token:               str(cfg.Token, "token", envToken, checkPrintable(64<<10)),
		accessKey:           str(cfg.AccessKey, "access_key", envAccessKey, checkPrintable(128)),
		secretKey:           str(cfg.SecretKey, "secret_key", envSecretKey, checkPrintable(256)),
		securityToken:       str(cfg.SecurityToken, "security_token", envSecurityToken, checkPrintable(64<<10)),
		enterpriseProjectID: str(cfg.EnterpriseProjectID, "enterprise_project_id", envEnterpriseProjectID, checkPrintable(64)),
		maxRetries:          hss.DefaultMaxRetries,
	}

	r.insecure = boolSetting(cfg.Insecure, "insecure", envInsecure, getenv, &diags)
	r.allowHTTP = boolSetting(cfg.AllowHTTP, "allow_http", envAllowHTTP, getenv, &diags)

	switch {
	case cfg.MaxRetries.IsUnknown():
		diags.Append(unknownDiag("max_retries", envMaxRetries))
	case !cfg.MaxRetries.IsNull():
		r.maxRetries = int(cfg.MaxRetries.ValueInt64())
	case strings.TrimSpace(getenv(envMaxRetries)) != "":
		n, err := strconv.ParseInt(strings.TrimSpace(getenv(envMaxRetries)), 10, 64)
		if err != nil || n < 0 || n > maxRetriesLimit {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries+" Environment Variable",
				fmt.Sprintf("%s must be a whole number between 0 and %d, got %q.", envMaxRetries, maxRetriesLimit, getenv(envMaxRetries)))
		}
		r.maxRetries = int(n)
	}
	if diags.HasError() {
		return r, diags
	}
	diags.Append(r.checkRequired()...)
	return r, diags
}

// boolSetting resolves a bool argument against its environment variable.
func boolSetting(v types.Bool, attr, env string, getenv func(string) string, diags *diag.Diagnostics) bool {
	switch {
	case v.IsUnknown():
		diags.Append(unknownDiag(attr, env))
	case !v.IsNull():
		return v.ValueBool()
	case strings.TrimSpace(getenv(env)) != "":
		b, err := strconv.ParseBool(strings.TrimSpace(getenv(env)))
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Invalid "+env+" Environment Variable",
				fmt.Sprintf("%s must be true or false, got %q.", env, getenv(env)))
		}
		return b
	}
	return false
}

func unknownDiag(attr, env string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr), "Unknown HSS Provider Argument",
		fmt.Sprintf("The provider cannot be configured with an unknown %s: its value is only known after apply. "+
			"Set it to a literal or a variable, or leave it out and set the %s environment variable.", attr, env))
}

// checkRequired reports what is missing or contradictory: the project, a
// way to find the endpoint, and exactly one kind of credentials.
func (r *resolvedConfig) checkRequired() diag.Diagnostics {
	var diags diag.Diagnostics
	if !r.projectID.set() {
		diags.AddAttributeError(path.Root("project_id"), "Missing HSS Project ID",
			"The provider needs the project id that goes into every HSS API path. Set project_id in the "+
				"provider block or the "+envProjectID+" environment variable. The console lists it under "+
				"My Credentials > API Credentials.")
	}
	if !r.endpoint.set() && !r.region.set() {
		diags.AddAttributeError(path.Root("region"), "Missing HSS Region",
			"The provider needs a region to find the HSS endpoint (https://hss.{region}."+hss.DefaultCloud+"). "+
				"Set region in the provider block or the "+envRegion+" environment variable, or set endpoint "+
				"(or "+envEndpoint+") to the HSS base URL.")
	}

	if r.endpoint.set() && !r.allowHTTP {
		if u, err := hss.ParseEndpoint(r.endpoint.value); err == nil && u.Scheme == "http" && !isLoopback(u.Hostname()) {
			diags.AddAttributeError(path.Root("endpoint"), "Insecure HSS Endpoint",
				fmt.Sprintf("The endpoint %s (from %s) uses plain http:// to a host that is not this machine: the "+
					"token or request signatures would cross the network unencrypted. Use https://, or set "+
					"allow_http = true (or %s=true) if that network path is trusted.", r.endpoint.value, r.endpoint.source(), envAllowHTTP))
		}
	}

	hasToken := r.token.set()
	hasAK, hasSK := r.accessKey.set(), r.secretKey.set()
	switch {
	case hasToken && (hasAK || hasSK):
		other := r.accessKey
		if !hasAK {
			other = r.secretKey
		}
		diags.AddAttributeError(path.Root("token"), "Conflicting HSS Credentials",
			fmt.Sprintf("Both a token (from %s) and an access key pair (%s from %s) are set; the provider uses "+
				"exactly one kind. Remove the token (token / %s) or the access key pair "+
				"(access_key, secret_key / %s, %s).",
				r.token.source(), other.attr, other.source(), envToken, envAccessKey, envSecretKey))
	case hasAK && !hasSK:
		diags.AddAttributeError(path.Root("secret_key"), "Missing HSS Secret Key",
			fmt.Sprintf("access_key is set (from %s) but secret_key is not. Set secret_key in the provider block "+
				"or the %s environment variable.", r.accessKey.source(), envSecretKey))
	case hasSK && !hasAK:
		diags.AddAttributeError(path.Root("access_key"), "Missing HSS Access Key",
			fmt.Sprintf("secret_key is set (from %s) but access_key is not. Set access_key in the provider block "+
				"or the %s environment variable.", r.secretKey.source(), envAccessKey))
	case !hasToken && !hasAK:
		diags.AddAttributeError(path.Root("token"), "Missing HSS Credentials",
			"The provider needs credentials. Set either token (or the "+envToken+" environment variable), or "+
				"access_key and secret_key (or "+envAccessKey+" and "+envSecretKey+"), adding security_token "+
				"(or "+envSecurityToken+") for temporary keys.")
	}
	if r.securityToken.set() && !hasAK && !diags.HasError() {
		diags.AddAttributeError(path.Root("security_token"), "HSS Security Token Without Access Keys",
			fmt.Sprintf("security_token is set (from %s) but it only goes with temporary access keys: set "+
				"access_key and secret_key (or %s and %s) too, or remove it.", r.securityToken.source(), envAccessKey, envSecretKey))
	}
	return diags
}

// auth is the authenticator for the resolved credentials.
func (r *resolvedConfig) auth() hss.Authenticator {
	if r.token.set() {
		return hss.TokenAuth{Token: r.token.value}
	}
	return hss.AKSKAuth{AccessKey: r.accessKey.value, SecretKey: r.secretKey.value, SecurityToken: r.securityToken.value}
}

// authKind names the credential kind for logs, never the credential.
func (r *resolvedConfig) authKind() string {
	switch {
	case r.token.set():
		return "token"
	case r.securityToken.set():
		return "temporary access key"
	default:
		return "access key"
	}
}

// isLoopback says whether host is this machine: localhost or a loopback
// address, where plain http never leaves the machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
