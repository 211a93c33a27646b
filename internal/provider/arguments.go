package provider

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// The provider's arguments, one entry each: the table drives the schema
// (type, sensitivity, description, validators), the environment fallback,
// what a Huawei Cloud CLI profile may set, and the checks every value gets
// wherever it comes from. The rules between arguments (which credentials
// go together) are checked in config.go and stated in the descriptions.

// valueKind is an argument's Terraform type.
type valueKind int

const (
	textValue valueKind = iota
	boolValue
	numberValue
)

// argument is one provider argument.
type argument struct {
	name, env   string
	kind        valueKind
	description string // what it is; "Falls back to `ENV`." is added
	// check holds a text value to its rules, from the block, a profile or
	// the environment alike.
	check textCheck
	// minimum and maximum bound a number argument, a whole number.
	minimum, maximum int64
	sensitive        bool
	// credential: credentials come whole from the first source (block,
	// profile, environment) that sets any of them.
	credential bool
	// profile is what a CLI profile holds for it; nil when it holds none.
	profile func(sharedProfile) string
	// keepSpaces: an environment value is taken as is, not trimmed (a
	// password may start or end with a space).
	keepSpaces bool
	// parent is the nested attribute it belongs to, if any.
	parent string
}

// path is where a is in the provider block.
func (a argument) path() path.Path {
	if a.parent != "" {
		return path.Root(a.parent).AtName(a.name)
	}
	return path.Root(a.name)
}

// maxRetriesLimit keeps a typo such as 500 from turning one failing read
// into an hour of waiting.
const maxRetriesLimit = 20

var arguments = []argument{
	{name: "region", env: "HW_REGION_NAME", check: regionCheck,
		profile:     func(p sharedProfile) string { return p.Region },
		description: "Region id, such as `cn-north-4`. Picks the default endpoint `https://hss.{region}.{cloud}`, and is sent as the `region` header."},
	{name: "project_id", env: "HW_PROJECT_ID", check: projectIDCheck,
		profile:     func(p sharedProfile) string { return p.ProjectID },
		description: "Project id used in every API path. Looked up once from `region` when unset."},
	{name: "endpoint", env: "HW_HSS_ENDPOINT", check: endpointCheck,
		description: "HSS base URL, an absolute `https://` (or `http://`) URL. Defaults to `https://hss.{region}.{cloud}`."},
	{name: "cloud", env: "HW_CLOUD", check: cloudCheck,
		description: "Domain suffix of default endpoints. Defaults to `myhuaweicloud.com` (`myhuaweicloud.eu` for `eu-west-101`)."},
	{name: "token", env: "HW_AUTH_TOKEN", check: printable(64 << 10), sensitive: true, credential: true,
		description: "IAM token, sent as `X-Auth-Token`. Conflicts with an access key pair and a password login."},
	{name: "access_key", env: "HW_ACCESS_KEY", check: printable(128), credential: true,
		profile:     func(p sharedProfile) string { return p.AccessKeyID },
		description: "Access key id; requests are signed with SDK-HMAC-SHA256. Needs `secret_key`. Treated as a secret in messages: masked in every diagnostic and log line, as the secret key is."},
	{name: "secret_key", env: "HW_SECRET_KEY", check: printable(256), sensitive: true, credential: true,
		profile:     func(p sharedProfile) string { return p.SecretAccessKey },
		description: "Secret access key. Needs `access_key`."},
	{name: "security_token", env: "HW_SECURITY_TOKEN", check: printable(64 << 10), sensitive: true, credential: true,
		profile:     func(p sharedProfile) string { return p.SecurityToken },
		description: "Security token of temporary access keys, sent as `X-Security-Token`. Needs `access_key` and `secret_key`."},
	{name: "enterprise_project_id", env: "HW_ENTERPRISE_PROJECT_ID", check: printable(64),
		description: "Default enterprise project of data sources: `0` is the default enterprise project, `all_granted_eps` every one the caller may see."},
	{name: "insecure", env: "HW_INSECURE", kind: boolValue,
		description: "Skip TLS certificate verification. Off by default; for tests only."},
	{name: "allow_http", env: "HW_HSS_ALLOW_HTTP", kind: boolValue,
		description: "Allow an `http://` `endpoint` or `auth_url` on another machine. Off by default, because the token, " +
			"password or request signatures would cross the network unencrypted; `http://` to this machine (`localhost`, " +
			"`127.0.0.1`, `::1`), such as the HSS simulator, is always allowed."},
	{name: "max_retries", env: "HW_MAX_RETRIES", kind: numberValue, minimum: 0, maximum: maxRetriesLimit,
		description: fmt.Sprintf("How many times a request is retried after throttling (429), a gateway or service "+
			"failure (5xx) or a connection failure, between 0 and %d. Defaults to %d.", maxRetriesLimit, hss.DefaultMaxRetries)},
	{name: "auth_url", env: "HW_AUTH_URL", check: endpointCheck,
		description: "IAM endpoint for password authentication, project lookup and `assume_role`. Defaults to `https://iam.{region}.{cloud}/v3`."},
	{name: "user_name", env: "HW_USER_NAME", check: printable(64), credential: true,
		description: "IAM user name for password authentication, with `domain_name` or `domain_id` and `password`."},
	{name: "user_id", env: "HW_USER_ID", check: printable(64), credential: true,
		description: "IAM user id for password authentication, instead of `user_name` and the account."},
	{name: "password", env: "HW_USER_PASSWORD", check: passwordCheck, sensitive: true, credential: true, keepSpaces: true,
		description: "Password of `user_name` or `user_id`: the provider gets a project-scoped IAM token with it on the first read and renews it."},
	{name: "domain_name", env: "HW_DOMAIN_NAME", check: printable(64), credential: true,
		description: "Account (domain) name of `user_name`."},
	{name: "domain_id", env: "HW_DOMAIN_ID", check: printable(64), credential: true,
		description: "Account (domain) id of `user_name`, instead of `domain_name`. With an access key pair, the account sent " +
			"as `X-Domain-Id` on its calls to IAM (`assume_role`); looked up once when unset."},
	{name: "shared_config_file", env: "HW_SHARED_CONFIG_FILE", check: pathCheck,
		description: "Huawei Cloud CLI configuration file to read a profile from (access keys, security token, region, " +
			"project id). Defaults to `~/.hcloud/config.json` when `profile` is set."},
	{name: "profile", env: "HW_PROFILE", check: profileCheck,
		description: "Profile of `shared_config_file` to use; its `current` profile when unset."},
}

// assumeRoleArguments are the attributes of assume_role, which the
// HW_ASSUME_ROLE_* variables stand in for when the block is absent.
var assumeRoleArguments = []argument{
	{parent: "assume_role", name: "agency_name", env: "HW_ASSUME_ROLE_AGENCY_NAME", check: printable(64),
		description: "Agency to assume."},
	{parent: "assume_role", name: "domain_name", env: "HW_ASSUME_ROLE_DOMAIN_NAME", check: printable(64),
		description: "Account (domain) name that owns the agency; or `domain_id`."},
	{parent: "assume_role", name: "domain_id", env: "HW_ASSUME_ROLE_DOMAIN_ID", check: printable(64),
		description: "Account (domain) id that owns the agency, instead of `domain_name`."},
	{parent: "assume_role", name: "duration", env: "HW_ASSUME_ROLE_DURATION", kind: numberValue, minimum: 900, maximum: 86400,
		description: "Validity of the temporary keys in seconds, 900 to 86400; 3600 by default."},
}

// argumentNamed is the table entry of a top-level argument.
func argumentNamed(name string) argument {
	for _, a := range arguments {
		if a.name == name {
			return a
		}
	}
	panic("no provider argument " + name)
}

// providerSchema is the provider block, built from the tables.
func providerSchema() schema.Schema {
	attrs := make(map[string]schema.Attribute, len(arguments)+1)
	for _, a := range arguments {
		attrs[a.name] = a.attribute(false)
	}
	nested := make(map[string]schema.Attribute, len(assumeRoleArguments))
	for _, a := range assumeRoleArguments {
		nested[a.name] = a.attribute(a.name == "agency_name")
	}
	attrs["assume_role"] = schema.SingleNestedAttribute{
		MarkdownDescription: "Work as an agency: the credentials above are traded for the agency's temporary keys, " +
			"renewed before they expire. Falls back to the `HW_ASSUME_ROLE_*` variables.",
		Optional:   true,
		Attributes: nested,
	}
	return schema.Schema{
		MarkdownDescription: "The HSS provider exports Huawei Cloud Host Security Service (HSS) findings to files. Every " +
			"argument is optional in the configuration and falls back to the `HW_*` environment variable the Huawei " +
			"Cloud provider also reads.",
		Attributes: attrs,
	}
}

// attribute is the schema of a, required or optional.
func (a argument) attribute(required bool) schema.Attribute {
	desc := a.description + " Falls back to `" + a.env + "`."
	switch a.kind {
	case boolValue:
		return schema.BoolAttribute{MarkdownDescription: desc, Optional: true}
	case numberValue:
		return schema.NumberAttribute{MarkdownDescription: desc, Optional: !required, Required: required,
			Validators: []validator.Number{wholeNumberValidator(a.minimum, a.maximum)}}
	}
	return schema.StringAttribute{MarkdownDescription: desc, Optional: !required, Required: required, Sensitive: a.sensitive,
		Validators: []validator.String{a.check.validator()}}
}

// checkText is the check of a value from a profile or the environment:
// the text check, or for a bool or a number, that it parses as one.
func (a argument) checkText(s string) error {
	switch a.kind {
	case boolValue:
		if _, err := strconv.ParseBool(s); err != nil {
			return fmt.Errorf("must be true or false, got %q", s)
		}
		return nil
	case numberValue:
		if _, err := a.whole(s); err != nil {
			return err
		}
		return nil
	}
	return a.check.test(s)
}

// whole parses a number argument's text.
func (a argument) whole(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < a.minimum || n > a.maximum {
		return 0, fmt.Errorf("must be a whole number between %d and %d, got %q", a.minimum, a.maximum, s)
	}
	return n, nil
}
