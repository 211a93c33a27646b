package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

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

// block is the provider block as configured: a value per argument of the
// table (absent means null) and assume_role.
type block map[string]attr.Value

// assumeRoleBlock is assume_role, read with the framework's As.
type assumeRoleBlock struct {
	AgencyName types.String `tfsdk:"agency_name"`
	DomainName types.String `tfsdk:"domain_name"`
	DomainID   types.String `tfsdk:"domain_id"`
	Duration   types.Number `tfsdk:"duration"`
}

// readBlock reads every argument of the table, and assume_role, from the
// configuration.
func readBlock(ctx context.Context, cfg tfsdk.Config) (block, diag.Diagnostics) {
	var diags diag.Diagnostics
	b := block{}
	for _, a := range arguments {
		var v attr.Value
		switch a.kind {
		case boolValue:
			var t types.Bool
			diags.Append(cfg.GetAttribute(ctx, path.Root(a.name), &t)...)
			v = t
		case numberValue:
			var t types.Number
			diags.Append(cfg.GetAttribute(ctx, path.Root(a.name), &t)...)
			v = t
		default:
			var t types.String
			diags.Append(cfg.GetAttribute(ctx, path.Root(a.name), &t)...)
			v = t
		}
		b[a.name] = v
	}
	var role types.Object
	diags.Append(cfg.GetAttribute(ctx, path.Root("assume_role"), &role)...)
	b["assume_role"] = role
	return b, diags
}

// setting is one argument after the fallbacks, as text.
type setting struct {
	arg   argument
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
		return s.arg.env
	case fromProfile:
		return fmt.Sprintf("%s of profile %q", s.arg.name, s.profile)
	}
	return s.arg.name
}

// origin says where the value came from, as a phrase such as "in the
// provider block" or "from HW_ACCESS_KEY".
func (s setting) origin() string {
	switch s.src {
	case fromEnv:
		return "from " + s.arg.env
	case fromProfile:
		return fmt.Sprintf("from profile %q", s.profile)
	}
	return "in the provider block"
}

// resolvedConfig is the provider block with every fallback applied.
type resolvedConfig struct {
	settings map[string]setting
	// credsFrom says which source the credentials came from.
	credsFrom  source
	assumeRole *hss.AssumeRole
}

// get is the setting of a top-level argument.
func (r *resolvedConfig) get(name string) setting {
	if s, ok := r.settings[name]; ok {
		return s
	}
	return setting{arg: argumentNamed(name)}
}

// flag is a bool argument; false when unset.
func (r *resolvedConfig) flag(name string) bool { return r.get(name).value == "true" }

// maxRetries is max_retries, or the client's default when unset.
func (r *resolvedConfig) maxRetries() int {
	s := r.get("max_retries")
	if !s.set() {
		return hss.DefaultMaxRetries
	}
	n, _ := s.arg.whole(s.value) // checked when resolved
	return int(n)
}

// resolver applies the fallbacks and gathers the diagnostics.
type resolver struct {
	block   block
	getenv  func(string) string
	diags   diag.Diagnostics
	profile *sharedProfile
}

// resolveConfig applies the fallbacks to b and checks the result.
// Diagnostics name the argument and the variable either can be fixed with;
// values from the profile and the environment get the checks the schema
// gives configured ones.
func resolveConfig(b block, getenv func(string) string) (*resolvedConfig, diag.Diagnostics) {
	rv := &resolver{block: b, getenv: getenv}
	rv.loadProfile()
	r := &resolvedConfig{settings: map[string]setting{}}

	// Credentials: the first source that sets any is used whole.
	r.credsFrom = fromNowhere
	for _, src := range []source{fromBlock, fromProfile, fromEnv} {
		for _, a := range arguments {
			if a.credential && rv.from(a, src).set() {
				r.credsFrom = src
			}
		}
		if r.credsFrom != fromNowhere {
			break
		}
	}
	for _, a := range arguments {
		if a.credential {
			if r.credsFrom != fromNowhere {
				r.settings[a.name] = rv.checked(rv.from(a, r.credsFrom))
			}
			continue
		}
		// Everything else: each setting on its own, block, profile,
		// environment.
		for _, src := range []source{fromBlock, fromProfile, fromEnv} {
			if s := rv.from(a, src); s.set() {
				r.settings[a.name] = rv.checked(s)
				break
			}
		}
	}
	r.assumeRole = rv.assumeRole()
	if rv.diags.HasError() {
		return r, rv.diags
	}
	rv.diags.Append(r.checkRequired()...)
	return r, rv.diags
}

// from is a's value in one source, unchecked; an unknown value in the
// block is reported and counts as unset.
func (rv *resolver) from(a argument, src source) setting {
	s := setting{arg: a, src: src}
	switch src {
	case fromBlock:
		s.value = rv.blockText(a)
	case fromProfile:
		if rv.profile != nil && a.profile != nil {
			s.value, s.profile = a.profile(*rv.profile), rv.profile.Name
		}
	case fromEnv:
		s.value = rv.getenv(a.env)
		if !a.keepSpaces {
			s.value = strings.TrimSpace(s.value)
		}
	}
	if s.value == "" {
		s.src = fromNowhere
	}
	return s
}

// blockText is a's configured value as text, "" when null.
func (rv *resolver) blockText(a argument) string {
	v, ok := rv.block[a.name]
	if !ok || v == nil || v.IsNull() {
		return ""
	}
	if v.IsUnknown() {
		rv.unknown(a, a.path())
		return ""
	}
	switch t := v.(type) {
	case types.String:
		return t.ValueString()
	case types.Bool:
		return fmt.Sprint(t.ValueBool())
	case types.Number:
		return t.ValueBigFloat().Text('f', -1)
	}
	return ""
}

// checked holds a value from a profile or the environment to the rules the
// schema holds configured values to.
func (rv *resolver) checked(s setting) setting {
	if s.src == fromBlock || !s.set() {
		return s // the schema has checked it
	}
	if err := s.arg.checkText(s.value); err != nil {
		title, what := s.arg.env+" Environment Variable", "The "+s.arg.env+" environment variable"
		if s.src == fromProfile {
			title, what = "Shared Config Profile Value", fmt.Sprintf("The %s of profile %q", s.arg.name, s.profile)
		}
		rv.diags.AddAttributeError(s.arg.path(), "Invalid "+title+" for "+s.arg.name,
			fmt.Sprintf("%s, used because the provider block sets no %s, %s.", what, s.arg.name, err))
	}
	return s
}

func (rv *resolver) unknown(a argument, at path.Path) {
	rv.diags.AddAttributeError(at, "Unknown HSS Provider Argument",
		fmt.Sprintf("The provider cannot be configured with an unknown %s: its value is only known after apply. "+
			"Set it to a literal or a variable, or leave it out and set the %s environment variable.", at, a.env))
}

// loadProfile reads the shared config profile when shared_config_file or
// profile is set, in the block or the environment.
func (rv *resolver) loadProfile() {
	file := rv.checked(rv.firstOf(argumentNamed("shared_config_file"))).value
	name := rv.checked(rv.firstOf(argumentNamed("profile"))).value
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
			err.Error()+fmt.Sprintf(". Fix the file, or set shared_config_file and profile (%s, %s) "+
				"to a profile that exists, or remove them to use the provider block and HW_* variables only.",
				envOf("shared_config_file"), envOf("profile")))
		return
	}
	rv.profile = &p
}

// firstOf is a's value from the block, else the environment.
func (rv *resolver) firstOf(a argument) setting {
	if s := rv.from(a, fromBlock); s.set() {
		return s
	}
	return rv.from(a, fromEnv)
}

// assumeRole resolves the assume_role block, or the HW_ASSUME_ROLE_*
// variables when the block is absent. Nil means no role.
func (rv *resolver) assumeRole() *hss.AssumeRole {
	roleArg := func(name string) argument {
		for _, a := range assumeRoleArguments {
			if a.name == name {
				return a
			}
		}
		panic("no assume_role argument " + name)
	}
	agencyArg := roleArg("agency_name")
	v, _ := rv.block["assume_role"].(types.Object)
	var agency, domainName, domainID, duration string
	switch {
	case v.IsUnknown():
		rv.unknown(agencyArg, path.Root("assume_role"))
		return nil
	case !v.IsNull():
		var b assumeRoleBlock
		rv.diags.Append(v.As(context.Background(), &b, basetypes.ObjectAsOptions{})...)
		for _, f := range []struct {
			name string
			v    attr.Value
		}{{"agency_name", b.AgencyName}, {"domain_name", b.DomainName}, {"domain_id", b.DomainID}, {"duration", b.Duration}} {
			if f.v.IsUnknown() {
				rv.unknown(roleArg(f.name), roleArg(f.name).path())
			}
		}
		agency, domainName, domainID = b.AgencyName.ValueString(), b.DomainName.ValueString(), b.DomainID.ValueString()
		if !b.Duration.IsNull() && !b.Duration.IsUnknown() {
			duration = b.Duration.ValueBigFloat().Text('f', -1) // the schema has checked it
		}
	default:
		env := func(name string) string {
			s := rv.checked(rv.from(roleArg(name), fromEnv))
			return s.value
		}
		agency, domainName, domainID, duration = env("agency_name"), env("domain_name"), env("domain_id"), env("duration")
		if agency == "" && (domainName != "" || domainID != "" || duration != "") {
			rv.diags.AddAttributeError(path.Root("assume_role"), "Incomplete HSS Assume Role",
				fmt.Sprintf("%s, %s or %s is set but %s is not. Set the agency to assume, or unset the others.",
					roleArg("domain_name").env, roleArg("domain_id").env, roleArg("duration").env, agencyArg.env))
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
				"assume_role.domain_id (or %s, %s).", agency, roleArg("domain_name").env, roleArg("domain_id").env))
	}
	if duration != "" {
		if secs, err := roleArg("duration").whole(duration); err == nil {
			role.Duration = time.Duration(secs) * time.Second
		}
	}
	return role
}
