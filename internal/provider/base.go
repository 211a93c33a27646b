package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What every data source and resource shares. A data source embeds
// dataSourceBase, a resource resourceBase; both take the provider's data
// in Configure and refuse to work without it.

// providerBound holds what Configure handed over.
type providerBound struct {
	data *providerData
}

// bind takes the provider's data; nil means the provider is not
// configured yet (validation runs before Configure), which is no error.
func (b *providerBound) bind(handed any) diag.Diagnostics {
	var diags diag.Diagnostics
	if handed == nil {
		return diags
	}
	data, ok := handed.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", handed))
		return diags
	}
	b.data = data
	return diags
}

// configured reports an error when an operation runs before Configure.
func (b *providerBound) configured(what string) diag.Diagnostics {
	var diags diag.Diagnostics
	if b.data == nil {
		diags.AddError("Unconfigured HSS Provider",
			"The hss provider was not configured before "+what+". This is a bug in the provider; please report it.")
	}
	return diags
}

// enterpriseProject is an operation's enterprise project: its own, else the
// provider's.
func (b *providerBound) enterpriseProject(own string, set bool) string {
	if set {
		return own
	}
	return b.data.enterpriseProjectID
}

// dataSourceBase is embedded by every data source.
type dataSourceBase struct{ providerBound }

// Configure takes the client the provider built.
func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	resp.Diagnostics.Append(d.bind(req.ProviderData)...)
}

// resourceBase is embedded by every resource.
type resourceBase struct{ providerBound }

// Configure takes the client the provider built.
func (r *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	resp.Diagnostics.Append(r.bind(req.ProviderData)...)
}

// configuredTimeout is the duration of timeouts.<name>, or def when it is
// not set. The timeouts libraries' own getters log an INFO line on every
// call, which costs a formatted line per read even when no one reads it;
// the schema has already checked that the value parses.
func configuredTimeout(timeouts types.Object, name string, def time.Duration) time.Duration {
	if timeouts.IsNull() || timeouts.IsUnknown() {
		return def
	}
	v, ok := timeouts.Attributes()[name].(types.String)
	if !ok || v.IsNull() || v.IsUnknown() {
		return def
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil || d <= 0 {
		return def
	}
	return d
}

// timeoutsAttribute is a resource's timeouts attribute, each duration held
// to a positive one as the data source's read is.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts) schema.Attribute {
	attr := timeouts.Attributes(ctx, opts)
	if nested, ok := attr.(schema.SingleNestedAttribute); ok {
		for name, a := range nested.Attributes {
			if d, ok := a.(schema.StringAttribute); ok {
				d.Validators = append(d.Validators, positiveDurationCheck.validator())
				nested.Attributes[name] = d
			}
		}
		return nested
	}
	return attr
}
