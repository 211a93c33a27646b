package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// Where a setting came from. Settings are looked for in this order: the
// provider block, then the shared config profile, then the environment.
type source int

const (
	fromNowhere source = iota
	fromBlock
	fromProfile
	fromEnv
)

// setting is one string argument after the fallbacks.
type setting struct {
	attr  string
	env   string
	value string
	src   source
	// profile names the profile, when src is fromProfile.
	profile string
}

func (s setting) set() bool { return s.value != "" }

// name is what set the value, for a sentence that already says which
// source it is: the argument, the environment variable, or the argument
// of a profile.
func (s setting) name() string {
	switch s.src {
	case fromEnv:
		return s.env
	case fromProfile:
		return fmt.Sprintf("%s of profile %q", s.attr, s.profile)
	}
	return s.attr
}

// origin says where the value came from, as a phrase such as "in the
// provider block" or "from HW_ACCESS_KEY".
func (s setting) origin() string {
	switch s.src {
	case fromEnv:
		return "from " + s.env
	case fromProfile:
		return fmt.Sprintf("from profile %q", s.profile)
	}
	return "in the provider block"
}

// credentials are the credential settings of one source.
type credentials struct {
	token, accessKey, secretKey, securityToken       setting
	userName, userID, password, domainName, domainID setting
}

func (c credentials) all() []setting {
	return []setting{c.token, c.accessKey, c.secretKey, c.securityToken,
		c.userName, c.userID, c.password, c.domainName, c.domainID}
}

func (c credentials) anySet() bool {
	for _, s := range c.all() {
		if s.set() {
			return true
		}
	}
	return false
}

// resolvedConfig is the provider block with every fallback applied.
type resolvedConfig struct {
	region, projectID, endpoint, cloud, authURL setting
	enterpriseProjectID                         setting
	creds                                       credentials
	// credsFrom says which source the credentials came from.
	credsFrom  source
	assumeRole *hss.AssumeRole
	insecure   bool
	allowHTTP  bool
	maxRetries int
}

// resolver applies the fallbacks and gathers the diagnostics.
type resolver struct {
	getenv  func(string) string
	diags   diag.Diagnostics
	profile map[string]string // attr -> value, from the shared config profile
	name    string            // the profile's name
}

// resolveConfig applies the fallbacks to cfg and checks the result.
// Diagnostics name the argument and the variable either can be fixed with;
// values from the profile and the environment get the checks the schema
// gives configured ones.
func resolveConfig(cfg HSSProviderModel, getenv func(string) string) (*resolvedConfig, diag.Diagnostics) {
	rv := &resolver{getenv: getenv}
	rv.loadProfile(cfg)

	// Credentials: the first source that sets any is used whole.
	block := rv.credentials(cfg, fromBlock)
	profile := rv.credentials(cfg, fromProfile)
	env := rv.credentials(cfg, fromEnv)
	r := &resolvedConfig{maxRetries: hss.DefaultMaxRetries}
	for _, c := range []struct {
		creds credentials
		src   source
	}{{block, fromBlock}, {profile, fromProfile}, {env, fromEnv}} {
		if c.creds.anySet() {
			r.creds, r.credsFrom = c.creds, c.src
			break
		}
	}

	// Everything else: each setting on its own, block, profile, environment.
	r.region = rv.str(cfg.Region, "region", envRegion, hss.ValidateRegion)
	r.projectID = rv.str(cfg.ProjectID, "project_id", envProjectID, hss.ValidateProjectID)
	r.endpoint = rv.str(cfg.Endpoint, "endpoint", envEndpoint, checkEndpoint)
	r.cloud = rv.str(cfg.Cloud, "cloud", envCloud, hss.ValidateCloud)
	r.authURL = rv.str(cfg.AuthURL, "auth_url", envAuthURL, checkEndpoint)
	r.enterpriseProjectID = rv.str(cfg.EnterpriseProjectID, "enterprise_project_id", envEnterpriseProjectID, checkPrintable(64))
	r.insecure = rv.boolSetting(cfg.Insecure, "insecure", envInsecure)
	r.allowHTTP = rv.boolSetting(cfg.AllowHTTP, "allow_http", envAllowHTTP)
	r.maxRetries = rv.maxRetries(cfg.MaxRetries)
	r.assumeRole = rv.assumeRole(cfg.AssumeRole)
	if rv.diags.HasError() {
		return r, rv.diags
	}
	rv.diags.Append(r.checkRequired()...)
	return r, rv.diags
}

// loadProfile reads the shared config profile when shared_config_file or
// profile is set, in the block or the environment.
func (rv *resolver) loadProfile(cfg HSSProviderModel) {
	file := rv.plain(cfg.SharedConfigFile, "shared_config_file", envSharedConfigFile)
	name := rv.plain(cfg.Profile, "profile", envProfile)
	if file == "" && name == "" {
		return
	}
	if file == "" {
		file = defaultSharedConfigFile()
	}
	p, err := loadProfile(file, name)
	if err != nil {
		attr := "profile"
		if name == "" {
			attr = "shared_config_file"
		}
		rv.diags.AddAttributeError(path.Root(attr), "Unable to Read HSS Shared Config Profile",
			err.Error()+". Fix the file, or set shared_config_file and profile (HW_SHARED_CONFIG_FILE, HW_PROFILE) "+
				"to a profile that exists, or remove them to use the provider block and HW_* variables only.")
		return
	}
	rv.name = p.Name
	rv.profile = map[string]string{
		"access_key": p.AccessKeyID, "secret_key": p.SecretAccessKey, "security_token": p.SecurityToken,
		"region": p.Region, "project_id": p.ProjectID,
	}
}

// plain resolves a string that only the block and the environment can set.
func (rv *resolver) plain(v types.String, attr, env string) string {
	switch {
	case v.IsUnknown():
		rv.diags.Append(unknownDiag(attr, env))
		return ""
	case !v.IsNull():
		return v.ValueString()
	}
	return strings.TrimSpace(rv.getenv(env))
}

// fromSource is the value of one setting in one source, checked.
func (rv *resolver) fromSource(v types.String, attr, env string, src source, check func(string) error) setting {
	s := setting{attr: attr, env: env}
	switch src {
	case fromBlock:
		if v.IsUnknown() {
			rv.diags.Append(unknownDiag(attr, env))
		} else if !v.IsNull() {
			s.value, s.src = v.ValueString(), fromBlock
		}
		return s // the schema has checked it
	case fromProfile:
		s.value, s.src, s.profile = rv.profile[attr], fromProfile, rv.name
	case fromEnv:
		s.value, s.src = rv.getenv(env), fromEnv
		if attr != "password" { // a password may start or end with a space
			s.value = strings.TrimSpace(s.value)
		}
	}
	if s.value != "" && check != nil {
		if err := check(s.value); err != nil {
			rv.diags.AddAttributeError(path.Root(attr), "Invalid "+titleOf(s)+" for "+attr,
				fmt.Sprintf("%s, used because the provider block sets no %s, %s.", describe(s), attr, err))
		}
	}
	if s.value == "" {
		s.src = fromNowhere
	}
	return s
}

func titleOf(s setting) string {
	if s.src == fromProfile {
		return "Shared Config Profile Value"
	}
	return s.env + " Environment Variable"
}

func describe(s setting) string {
	if s.src == fromProfile {
		return fmt.Sprintf("The %s of profile %q", s.attr, s.profile)
	}
	return "The " + s.env + " environment variable"
}

// str resolves a setting: block, profile, environment.
func (rv *resolver) str(v types.String, attr, env string, check func(string) error) setting {
	for _, src := range []source{fromBlock, fromProfile, fromEnv} {
		if s := rv.fromSource(v, attr, env, src, check); s.set() || (src == fromBlock && v.IsUnknown()) {
			return s
		}
	}
	return setting{attr: attr, env: env}
}

// credentials reads every credential setting of one source.
func (rv *resolver) credentials(cfg HSSProviderModel, src source) credentials {
	one := func(v types.String, attr, env string, maxLen int) setting {
		return rv.fromSource(v, attr, env, src, checkPrintable(maxLen))
	}
	return credentials{
		token:         one(cfg.Token, "token", envToken, 64<<10),
		accessKey:     one(cfg.AccessKey, "access_key", envAccessKey, 128),
		secretKey:     one(cfg.SecretKey, "secret_key", envSecretKey, 256),
		securityToken: one(cfg.SecurityToken, "security_token", envSecurityToken, 64<<10),
		userName:      one(cfg.UserName, "user_name", envUserName, 64),
		userID:        one(cfg.UserID, "user_id", envUserID, 64),
		password:      rv.fromSource(cfg.Password, "password", envPassword, src, checkPassword),
		domainName:    one(cfg.DomainName, "domain_name", envDomainName, 64),
		domainID:      one(cfg.DomainID, "domain_id", envDomainID, 64),
	}
}

// boolSetting resolves a bool argument against its environment variable.
func (rv *resolver) boolSetting(v types.Bool, attr, env string) bool {
	switch {
	case v.IsUnknown():
		rv.diags.Append(unknownDiag(attr, env))
	case !v.IsNull():
		return v.ValueBool()
	case strings.TrimSpace(rv.getenv(env)) != "":
		b, err := strconv.ParseBool(strings.TrimSpace(rv.getenv(env)))
		if err != nil {
			rv.diags.AddAttributeError(path.Root(attr), "Invalid "+env+" Environment Variable",
				fmt.Sprintf("%s must be true or false, got %q.", env, rv.getenv(env)))
		}
		return b
	}
	return false
}

func (rv *resolver) maxRetries(v types.Number) int {
	switch {
	case v.IsUnknown():
		rv.diags.Append(unknownDiag("max_retries", envMaxRetries))
	case !v.IsNull():
		n, _ := wholeIn(v.ValueBigFloat(), 0, maxRetriesLimit) // the schema has checked it
		return int(n)
	case strings.TrimSpace(rv.getenv(envMaxRetries)) != "":
		raw := rv.getenv(envMaxRetries)
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil || n < 0 || n > maxRetriesLimit {
			rv.diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries+" Environment Variable",
				fmt.Sprintf("%s must be a whole number between 0 and %d, got %q.", envMaxRetries, maxRetriesLimit, raw))
		}
		return int(n)
	}
	return hss.DefaultMaxRetries
}

// assumeRole resolves the assume_role block, or the HW_ASSUME_ROLE_*
// variables when the block is absent. Nil means no role.
func (rv *resolver) assumeRole(v types.Object) *hss.AssumeRole {
	var agency, domainName, domainID, duration string
	switch {
	case v.IsUnknown():
		rv.diags.Append(unknownDiag("assume_role", envAssumeRoleAgency))
		return nil
	case !v.IsNull():
		attrs := v.Attributes()
		get := func(name string) string {
			if s, ok := attrs[name].(types.String); ok {
				if s.IsUnknown() {
					rv.diags.AddAttributeError(path.Root("assume_role").AtName(name), "Unknown HSS Provider Argument",
						"assume_role."+name+" is only known after apply; the provider needs it to configure.")
				}
				return s.ValueString()
			}
			if n, ok := attrs[name].(types.Number); ok && !n.IsNull() && !n.IsUnknown() {
				return n.ValueBigFloat().Text('f', -1)
			}
			return ""
		}
		agency, domainName, domainID, duration = get("agency_name"), get("domain_name"), get("domain_id"), get("duration")
	default:
		env := func(k string) string { return strings.TrimSpace(rv.getenv(k)) }
		agency, domainName, domainID, duration = env(envAssumeRoleAgency), env(envAssumeRoleDomainName), env(envAssumeRoleDomainID), env(envAssumeRoleDuration)
		if agency == "" && (domainName != "" || domainID != "" || duration != "") {
			rv.diags.AddAttributeError(path.Root("assume_role"), "Incomplete HSS Assume Role",
				envAssumeRoleDomainName+", "+envAssumeRoleDomainID+" or "+envAssumeRoleDuration+" is set but "+
					envAssumeRoleAgency+" is not. Set the agency to assume, or unset the others.")
			return nil
		}
	}
	if agency == "" {
		return nil
	}
	role := &hss.AssumeRole{AgencyName: agency, DomainName: domainName, DomainID: domainID}
	if (domainName == "") == (domainID == "") {
		rv.diags.AddAttributeError(path.Root("assume_role"), "Incomplete HSS Assume Role",
			fmt.Sprintf("Agency %q needs the account that owns it: set exactly one of assume_role.domain_name and "+
				"assume_role.domain_id (or %s, %s).", agency, envAssumeRoleDomainName, envAssumeRoleDomainID))
	}
	if duration != "" {
		secs, err := strconv.Atoi(duration)
		if err != nil || secs < 900 || secs > 86400 {
			rv.diags.AddAttributeError(path.Root("assume_role").AtName("duration"), "Invalid HSS Assume Role Duration",
				fmt.Sprintf("assume_role.duration (or %s) must be a number of seconds between 900 and 86400, got %q.", envAssumeRoleDuration, duration))
		}
		role.Duration = time.Duration(secs) * time.Second
	}
	return role
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
	if !r.endpoint.set() && !r.region.set() {
		diags.AddAttributeError(path.Root("region"), "Missing HSS Region",
			"The provider needs a region to find the HSS endpoint (https://hss.{region}."+hss.DefaultCloud+"). "+
				"Set region in the provider block, the profile or the "+envRegion+" environment variable, or set "+
				"endpoint (or "+envEndpoint+") to the HSS base URL.")
	}
	if !r.projectID.set() && !r.region.set() {
		diags.AddAttributeError(path.Root("project_id"), "Missing HSS Project ID",
			"The provider needs the project id that goes into every HSS API path. Set project_id in the "+
				"provider block, the profile or the "+envProjectID+" environment variable, or set region (or "+
				envRegion+") so that the provider can look the project up in IAM. The console lists it under "+
				"My Credentials > API Credentials.")
	}
	for _, u := range []setting{r.endpoint, r.authURL} {
		if !u.set() {
			continue
		}
		if parsed, err := hss.ParseEndpoint(u.value); err == nil && hss.CheckPlainHTTP(parsed, r.allowHTTP) != nil {
			diags.AddAttributeError(path.Root(u.attr), "Insecure "+insecureTitle[u.attr],
				fmt.Sprintf("%s %s (%s) %s. Use https://, or set allow_http = true (or %s=true) if that "+
					"network path is trusted.", u.attr, hss.RedactURL(u.value), u.origin(), hss.ErrPlainHTTP, envAllowHTTP))
		}
	}
	creds := r.checkCredentials()
	diags.Append(creds...)
	// Only once the credentials are settled does it matter where IAM is.
	if !creds.HasError() && r.password() && !r.region.set() && !r.authURL.set() {
		diags.AddAttributeError(path.Root("auth_url"), "Missing IAM Endpoint",
			"Password authentication gets its token from IAM: set region (or "+envRegion+") for the default "+
				"https://iam.{region}."+hss.DefaultCloud+"/v3, or auth_url (or "+envAuthURL+").")
	}
	return diags
}

var insecureTitle = map[string]string{"endpoint": "HSS Endpoint", "auth_url": "IAM Endpoint"}

// password says whether the credentials are a password.
func (r *resolvedConfig) password() bool { return r.creds.password.set() }

// checkCredentials holds the chosen source to exactly one credential kind.
func (r *resolvedConfig) checkCredentials() diag.Diagnostics {
	var diags diag.Diagnostics
	c := r.creds
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
			"The provider needs credentials. Set either token (or the "+envToken+" environment variable); or "+
				"access_key and secret_key (or "+envAccessKey+" and "+envSecretKey+"), adding security_token (or "+
				envSecurityToken+") for temporary keys; or user_name, domain_name and password (or "+envUserName+", "+
				envDomainName+", "+envPassword+"); or profile and shared_config_file for a Huawei Cloud CLI profile.")
	case c.accessKey.set() && !c.secretKey.set():
		diags.AddAttributeError(path.Root("secret_key"), "Missing HSS Secret Key",
			fmt.Sprintf("access_key is set (%s) but secret_key is not. Set secret_key in the same place, "+
				"or the %s environment variable.", c.accessKey.origin(), envSecretKey))
	case c.secretKey.set() && !c.accessKey.set():
		diags.AddAttributeError(path.Root("access_key"), "Missing HSS Access Key",
			fmt.Sprintf("secret_key is set (%s) but access_key is not. Set access_key in the same place, "+
				"or the %s environment variable.", c.secretKey.origin(), envAccessKey))
	case c.password.set() || c.userName.set() || c.userID.set():
		switch {
		case !c.password.set():
			diags.AddAttributeError(path.Root("password"), "Missing HSS Password",
				"A user is set for password authentication but no password: set password (or "+envPassword+").")
		case !c.userName.set() && !c.userID.set():
			diags.AddAttributeError(path.Root("user_name"), "Missing HSS User",
				"password is set but no user: set user_name and domain_name (or "+envUserName+", "+envDomainName+"), or user_id (or "+envUserID+").")
		case c.userName.set() && !c.domainName.set() && !c.domainID.set():
			diags.AddAttributeError(path.Root("domain_name"), "Missing HSS Account",
				"user_name needs the account (domain) it belongs to: set domain_name or domain_id (or "+envDomainName+", "+envDomainID+").")
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
		Endpoint: r.endpoint.value, Region: r.region.value, Cloud: r.cloud.value, ProjectID: r.projectID.value,
		AuthURL: r.authURL.value, Insecure: r.insecure, AllowHTTP: r.allowHTTP, MaxRetries: r.maxRetries, AssumeRole: r.assumeRole,
	}
	c := r.creds
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
	case r.creds.token.set():
		kind = "token"
	case r.creds.password.set():
		kind = "password"
	case r.creds.securityToken.set():
		kind = "temporary access key"
	}
	if r.assumeRole != nil {
		kind += ", assuming agency " + r.assumeRole.AgencyName
	}
	return kind + " from " + strings.ToLower(sourceName(r.credsFrom))
}
