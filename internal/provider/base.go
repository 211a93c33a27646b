package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

// get reads a configuration, plan or state into model (a pointer to a
// model struct), with the framework's Get, once the provider is
// configured; typeName names the data source or resource for the error.
func (b *providerBound) get(ctx context.Context, typeName string, from interface {
	Get(context.Context, any) diag.Diagnostics
}, model any, diags *diag.Diagnostics) bool {
	if diags.Append(b.configured(typeName + " was used")...); diags.HasError() {
		return false
	}
	diags.Append(from.Get(ctx, model)...)
	return !diags.HasError()
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
