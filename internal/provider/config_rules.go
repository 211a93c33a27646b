package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// The rules between arguments, checked once every fallback is applied:
// where HSS is, and exactly one kind of credentials.

// credentials are the credential settings of the source they came from.
type credentials struct {
	token, accessKey, secretKey, securityToken       setting
	userName, userID, password, domainName, domainID setting
}

func (r *resolvedConfig) credentials() credentials {
	return credentials{
		token: r.get("token"), accessKey: r.get("access_key"), secretKey: r.get("secret_key"),
		securityToken: r.get("security_token"), userName: r.get("user_name"), userID: r.get("user_id"),
		password: r.get("password"), domainName: r.get("domain_name"), domainID: r.get("domain_id"),
	}
}

// checkRequired reports what is missing or contradictory: the project, a
// way to find the endpoint, and exactly one kind of credentials.
func (r *resolvedConfig) checkRequired() diag.Diagnostics {
	var diags diag.Diagnostics
	if !r.get("endpoint").set() && !r.get("region").set() {
		diags.AddAttributeError(path.Root("region"), "Missing HSS Region",
			"The provider needs a region to find the HSS endpoint (https://hss.{region}."+hss.DefaultCloud+"). "+
				"Set region in the provider block, the profile or the "+envOf("region")+" environment variable, or set "+
				"endpoint (or "+envOf("endpoint")+") to the HSS base URL.")
	}
	if !r.get("project_id").set() && !r.get("region").set() {
		diags.AddAttributeError(path.Root("project_id"), "Missing HSS Project ID",
			"The provider needs the project id that goes into every HSS API path. Set project_id in the "+
				"provider block, the profile or the "+envOf("project_id")+" environment variable, or set region (or "+
				envOf("region")+") so that the provider can look the project up in IAM. The console lists it under "+
				"My Credentials > API Credentials.")
	}
	for _, u := range []setting{r.get("endpoint"), r.get("auth_url")} {
		if !u.set() {
			continue
		}
		if parsed, err := hss.ParseEndpoint(u.value); err == nil && hss.CheckPlainHTTP(parsed, r.flag("allow_http")) != nil {
			diags.AddAttributeError(path.Root(u.arg.name), "Insecure "+insecureTitle[u.arg.name],
				fmt.Sprintf("%s %s (%s) %s. Use https://, or set allow_http = true (or %s=true) if that "+
					"network path is trusted.", u.arg.name, hss.RedactURL(u.value), u.origin(), hss.ErrPlainHTTP, argumentNamed("allow_http").env))
		}
	}
	creds := r.checkCredentials()
	diags.Append(creds...)
	// Only once the credentials are settled does it matter where IAM is.
	if !creds.HasError() && r.password() && !r.get("region").set() && !r.get("auth_url").set() {
		diags.AddAttributeError(path.Root("auth_url"), "Missing IAM Endpoint",
			"Password authentication gets its token from IAM: set region (or "+envOf("region")+") for the default "+
				"https://iam.{region}."+hss.DefaultCloud+"/v3, or auth_url (or "+envOf("auth_url")+").")
	}
	return diags
}

var insecureTitle = map[string]string{"endpoint": "HSS Endpoint", "auth_url": "IAM Endpoint"}

// password says whether the credentials are a password.
func (r *resolvedConfig) password() bool { return r.get("password").set() }

// checkCredentials holds the chosen source to exactly one credential kind.
func (r *resolvedConfig) checkCredentials() diag.Diagnostics {
	var diags diag.Diagnostics
	c := r.credentials()
	var kinds []string
	if c.token.set() {
		kinds = append(kinds, "a token ("+c.token.name()+")")
	}
	if c.accessKey.set() || c.secretKey.set() {
		s := c.accessKey
		if !s.set() {
			s = c.secretKey
		}
		kinds = append(kinds, "an access key pair ("+s.name()+")")
	}
	if c.password.set() || c.userName.set() || c.userID.set() {
		s := c.password
		if !s.set() {
			s = c.userName
			if !s.set() {
				s = c.userID
			}
		}
		kinds = append(kinds, "a password login ("+s.name()+")")
	}
	switch {
	case len(kinds) > 1:
		diags.AddAttributeError(path.Root("token"), "Conflicting HSS Credentials",
			fmt.Sprintf("%s sets %s; the provider uses exactly one kind of credentials from the first source that "+
				"sets any (the provider block, then the shared config profile, then the environment). Remove all "+
				"but one kind.", sourceName(r.credsFrom), strings.Join(kinds, " and ")))
	case len(kinds) == 0:
		diags.AddAttributeError(path.Root("token"), "Missing HSS Credentials",
			"The provider needs credentials. Set either token (or the "+envOf("token")+" environment variable); or "+
				"access_key and secret_key (or "+envOf("access_key")+" and "+envOf("secret_key")+"), adding security_token (or "+
				envOf("security_token")+") for temporary keys; or user_name, domain_name and password (or "+envOf("user_name")+", "+
				envOf("domain_name")+", "+envOf("password")+"); or profile and shared_config_file for a Huawei Cloud CLI profile.")
	case c.accessKey.set() && !c.secretKey.set():
		diags.AddAttributeError(path.Root("secret_key"), "Missing HSS Secret Key",
			fmt.Sprintf("access_key is set (%s) but secret_key is not. Set secret_key in the same place, "+
				"or the %s environment variable.", c.accessKey.origin(), envOf("secret_key")))
	case c.secretKey.set() && !c.accessKey.set():
		diags.AddAttributeError(path.Root("access_key"), "Missing HSS Access Key",
			fmt.Sprintf("secret_key is set (%s) but access_key is not. Set access_key in the same place, "+
				"or the %s environment variable.", c.secretKey.origin(), envOf("access_key")))
	case c.password.set() || c.userName.set() || c.userID.set():
		switch {
		case !c.password.set():
			diags.AddAttributeError(path.Root("password"), "Missing HSS Password",
				"A user is set for password authentication but no password: set password (or "+envOf("password")+").")
		case !c.userName.set() && !c.userID.set():
			diags.AddAttributeError(path.Root("user_name"), "Missing HSS User",
				"password is set but no user: set user_name and domain_name (or "+envOf("user_name")+", "+envOf("domain_name")+"), or user_id (or "+envOf("user_id")+").")
		case c.userName.set() && !c.domainName.set() && !c.domainID.set():
			diags.AddAttributeError(path.Root("domain_name"), "Missing HSS Account",
				"user_name needs the account (domain) it belongs to: set domain_name or domain_id (or "+envOf("domain_name")+", "+envOf("domain_id")+").")
		}
	}
	if c.securityToken.set() && !c.accessKey.set() && !diags.HasError() {
		diags.AddAttributeError(path.Root("security_token"), "HSS Security Token Without Access Keys",
			fmt.Sprintf("security_token is set (%s) but it only goes with temporary access keys: set "+
				"access_key and secret_key in the same place too, or remove it.", c.securityToken.origin()))
	}
	return diags
}

func sourceName(s source) string {
	switch s {
	case fromProfile:
		return "The shared config profile"
	case fromEnv:
		return "The environment"
	}
	return "The provider block"
}

// clientConfig is the resolved configuration as the HSS client takes it.
func (r *resolvedConfig) clientConfig() hss.Config {
	cfg := hss.Config{
		Endpoint: r.get("endpoint").value, Region: r.get("region").value, Cloud: r.get("cloud").value, ProjectID: r.get("project_id").value,
		AuthURL: r.get("auth_url").value, Insecure: r.flag("insecure"), AllowHTTP: r.flag("allow_http"), MaxRetries: r.maxRetries(), AssumeRole: r.assumeRole,
	}
	c := r.credentials()
	switch {
	case c.token.set():
		cfg.Auth = hss.TokenAuth{Token: c.token.value}
	case c.password.set():
		cfg.Password = &hss.PasswordCredentials{UserName: c.userName.value, UserID: c.userID.value,
			Password: c.password.value, DomainName: c.domainName.value, DomainID: c.domainID.value}
	default:
		cfg.Auth = hss.AKSKAuth{AccessKey: c.accessKey.value, SecretKey: c.secretKey.value, SecurityToken: c.securityToken.value}
		cfg.DomainID = c.domainID.value
	}
	return cfg
}

// authKind names the credential kind for logs, never the credential.
func (r *resolvedConfig) authKind() string {
	kind := "access key"
	switch {
	case r.get("token").set():
		kind = "token"
	case r.get("password").set():
		kind = "password"
	case r.get("security_token").set():
		kind = "temporary access key"
	}
	if r.assumeRole != nil {
		kind += ", assuming agency " + r.assumeRole.AgencyName
	}
	return kind + " from " + strings.ToLower(sourceName(r.credsFrom))
}

// envOf is the environment variable of a top-level argument.
func envOf(name string) string { return argumentNamed(name).env }
