// Package provider is the Terraform layer of the HSS provider: schemas,
// configuration, diagnostics. Everything that talks to HSS lives in
// internal/hss.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

var _ provider.Provider = (*HSSProvider)(nil)

// New returns a constructor of the provider for providerserver, stamped with
// the release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &HSSProvider{version: version}
	}
}

// HSSProvider is the hss provider.
type HSSProvider struct {
	version string
	// getenv reads the HW_* fallbacks; os.Getenv unless a test isolates
	// itself from the process environment.
	getenv func(string) string
	// wait overrides hss.DefaultWaitPolicy, so tests of waiting need not
	// wait for seconds.
	wait *hss.WaitPolicy
}

// providerData is what Configure hands to data sources and resources.
type providerData struct {
	client              *hss.Client
	enterpriseProjectID string
	wait                hss.WaitPolicy
}

// Metadata names the provider: its data sources are hss_*.
func (p *HSSProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hss"
	resp.Version = p.version
}

// Schema describes the provider block, from the table of arguments.
func (p *HSSProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

// Configure resolves every argument against its environment variable,
// checks the result and builds the one HSS client all reads share.
func (p *HSSProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	cfg, diags := readBlock(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	getenv := p.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	r, diags := resolveConfig(cfg, getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	cc := r.clientConfig()
	cc.UserAgent = userAgent(p.version, req.TerraformVersion)
	cc.Logger = p.logger()
	client, err := hss.NewClient(cc)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create HSS API Client",
			"The provider arguments were accepted but the HSS client could not be built from them. "+
				"Check the arguments and HW_* environment variables named below.\n\n"+err.Error())
		return
	}
	if r.flag("insecure") {
		tflog.Warn(ctx, "TLS certificate verification is off (insecure = true); use it only against test endpoints")
		resp.Diagnostics.AddAttributeWarning(path.Root("insecure"), "TLS Certificate Verification Is Off",
			"insecure = true (or "+envOf("insecure")+") turns off certificate verification for every request to HSS and to IAM "+
				"(tokens, the project lookup, agency keys): whoever can intercept the connection can read the credentials "+
				"and answer in HSS's place. Use it only against test endpoints; to trust a private CA, use SSL_CERT_FILE.")
	}
	tflog.Debug(ctx, "configured HSS client", map[string]any{
		"endpoint": r.get("endpoint").value, "region": r.get("region").value, "project_id": r.get("project_id").value,
		"auth": r.authKind(), "max_retries": client.MaxRetries(),
	})
	data := &providerData{client: client, enterpriseProjectID: r.get("enterprise_project_id").value, wait: hss.DefaultWaitPolicy()}
	if p.wait != nil {
		data.wait = *p.wait
	}
	resp.DataSourceData, resp.ResourceData = data, data
}

// logger is the client's logger: tflog, or none when no one reads the log.
func (p *HSSProvider) logger() hss.Logger {
	if !loggingWanted() {
		return nil
	}
	return tflogLogger{}
}

// DataSources lists the provider's data sources.
func (p *HSSProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewExportTaskDataSource, NewBaselineCheckReportDataSource}
}

// Resources lists the provider's resources.
func (p *HSSProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewExportResource, NewExportFileResource}
}

// userAgent names the provider and, when Terraform says it, its version.
func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-hss/" + version
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
