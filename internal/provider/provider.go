// Package provider is the Terraform layer of the HSS provider: schemas,
// configuration, diagnostics. Everything that talks to HSS lives in
// internal/hss.
package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// HSSProviderModel is the provider block.
type HSSProviderModel struct {
	Region              types.String `tfsdk:"region"`
	ProjectID           types.String `tfsdk:"project_id"`
	Endpoint            types.String `tfsdk:"endpoint"`
	Cloud               types.String `tfsdk:"cloud"`
	Token               types.String `tfsdk:"token"`
	AccessKey           types.String `tfsdk:"access_key"`
	SecretKey           types.String `tfsdk:"secret_key"`
	SecurityToken       types.String `tfsdk:"security_token"`
	EnterpriseProjectID types.String `tfsdk:"enterprise_project_id"`
	Insecure            types.Bool   `tfsdk:"insecure"`
	AllowHTTP           types.Bool   `tfsdk:"allow_http"`
	MaxRetries          types.Number `tfsdk:"max_retries"`
	AuthURL             types.String `tfsdk:"auth_url"`
	UserName            types.String `tfsdk:"user_name"`
	UserID              types.String `tfsdk:"user_id"`
	Password            types.String `tfsdk:"password"`
	DomainName          types.String `tfsdk:"domain_name"`
	DomainID            types.String `tfsdk:"domain_id"`
	SharedConfigFile    types.String `tfsdk:"shared_config_file"`
	Profile             types.String `tfsdk:"profile"`
	AssumeRole          types.Object `tfsdk:"assume_role"`
}

// providerData is what Configure hands to data sources.
type providerData struct {
	client              *hss.Client
	enterpriseProjectID string
	wait                hss.WaitPolicy
}

// Environment variables, the same names the Huawei Cloud provider reads.
const (
	envRegion               = "HW_REGION_NAME"
	envProjectID            = "HW_PROJECT_ID"
	envEndpoint             = "HW_HSS_ENDPOINT"
	envCloud                = "HW_CLOUD"
	envToken                = "HW_AUTH_TOKEN"
	envAccessKey            = "HW_ACCESS_KEY"
	envSecretKey            = "HW_SECRET_KEY"
	envSecurityToken        = "HW_SECURITY_TOKEN"
	envEnterpriseProjectID  = "HW_ENTERPRISE_PROJECT_ID"
	envInsecure             = "HW_INSECURE"
	envAllowHTTP            = "HW_HSS_ALLOW_HTTP"
	envAuthURL              = "HW_AUTH_URL"
	envUserName             = "HW_USER_NAME"
	envUserID               = "HW_USER_ID"
	envPassword             = "HW_USER_PASSWORD"
	envDomainName           = "HW_DOMAIN_NAME"
	envDomainID             = "HW_DOMAIN_ID"
	envSharedConfigFile     = "HW_SHARED_CONFIG_FILE"
	envProfile              = "HW_PROFILE"
	envAssumeRoleAgency     = "HW_ASSUME_ROLE_AGENCY_NAME"
	envAssumeRoleDomainName = "HW_ASSUME_ROLE_DOMAIN_NAME"
	envAssumeRoleDomainID   = "HW_ASSUME_ROLE_DOMAIN_ID"
	envAssumeRoleDuration   = "HW_ASSUME_ROLE_DURATION"
	envMaxRetries           = "HW_MAX_RETRIES"
)

// maxRetriesLimit keeps a typo such as 500 from turning one failing read
// into an hour of waiting.
const maxRetriesLimit = 20

// Metadata names the provider: its data sources are hss_*.
func (p *HSSProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hss"
	resp.Version = p.version
}

// Schema describes the provider block.
func (p *HSSProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The HSS provider reads Huawei Cloud Host Security Service (HSS) export tasks. " +
			"Every argument is optional in the configuration and falls back to the `HW_*` environment " +
			"variable the Huawei Cloud provider also reads.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				MarkdownDescription: "Region id, such as `cn-north-4`. Picks the default endpoint " +
					"`https://hss.{region}.{cloud}`. Falls back to `" + envRegion + "`.",
				Optional:   true,
				Validators: []validator.String{regionValidator()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "Project id used in every API path. Falls back to `" + envProjectID + "`.",
				Optional:            true,
				Validators:          []validator.String{projectIDValidator()},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "HSS base URL, an absolute `https://` (or `http://`) URL. Defaults to " +
					"`https://hss.{region}.{cloud}`. Falls back to `" + envEndpoint + "`.",
				Optional:   true,
				Validators: []validator.String{endpointValidator()},
			},
			"cloud": schema.StringAttribute{
				MarkdownDescription: "Domain suffix of default endpoints. Defaults to `myhuaweicloud.com` " +
					"(`myhuaweicloud.eu` for `eu-west-101`). Falls back to `" + envCloud + "`.",
				Optional:   true,
				Validators: []validator.String{cloudValidator()},
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "IAM token, sent as `X-Auth-Token`. Conflicts with `access_key`/`secret_key`. " +
					"Falls back to `" + envToken + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{printableValidator(64 << 10)},
			},
			"access_key": schema.StringAttribute{
				MarkdownDescription: "Access key id; requests are signed with SDK-HMAC-SHA256. Needs `secret_key`. " +
					"Falls back to `" + envAccessKey + "`.",
				Optional:   true,
				Validators: []validator.String{printableValidator(128)},
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "Secret access key. Needs `access_key`. Falls back to `" + envSecretKey + "`.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{printableValidator(256)},
			},
			"security_token": schema.StringAttribute{
				MarkdownDescription: "Security token of temporary access keys, sent as `X-Security-Token`. " +
					"Falls back to `" + envSecurityToken + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{printableValidator(64 << 10)},
			},
			"enterprise_project_id": schema.StringAttribute{
				MarkdownDescription: "Default enterprise project of data sources: `0` is the default enterprise " +
					"project, `all_granted_eps` every one the caller may see. Falls back to `" + envEnterpriseProjectID + "`.",
				Optional:   true,
				Validators: []validator.String{printableValidator(64)},
			},
			"insecure": schema.BoolAttribute{
				MarkdownDescription: "Skip TLS certificate verification. Off by default; for tests only. " +
					"Falls back to `" + envInsecure + "`.",
				Optional: true,
			},
			"allow_http": schema.BoolAttribute{
				MarkdownDescription: "Allow an `http://` `endpoint` or `auth_url` on another machine. Off by default, " +
					"because the token, password or request signatures would cross the network unencrypted; `http://` to this machine " +
					"(`localhost`, `127.0.0.1`, `::1`), such as the HSS simulator, is always allowed. Falls back to `" +
					envAllowHTTP + "`.",
				Optional: true,
			},
			"auth_url": schema.StringAttribute{
				MarkdownDescription: "IAM endpoint for password authentication, project lookup and `assume_role`. " +
					"Defaults to `https://iam.{region}.{cloud}/v3`. Falls back to `" + envAuthURL + "`.",
				Optional:   true,
				Validators: []validator.String{endpointValidator()},
			},
			"user_name": schema.StringAttribute{
				MarkdownDescription: "IAM user name for password authentication, with `domain_name` or `domain_id` " +
					"and `password`. Falls back to `" + envUserName + "`.",
				Optional:   true,
				Validators: []validator.String{printableValidator(64)},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "IAM user id for password authentication, instead of `user_name` and the " +
					"account. Falls back to `" + envUserID + "`.",
				Optional:   true,
				Validators: []validator.String{printableValidator(64)},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password of `user_name` or `user_id`: the provider gets a project-scoped IAM " +
					"token with it on the first read and renews it. Falls back to `" + envPassword + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{passwordValidator()},
			},
			"domain_name": schema.StringAttribute{
				MarkdownDescription: "Account (domain) name of `user_name`. Falls back to `" + envDomainName + "`.",
				Optional:            true,
				Validators:          []validator.String{printableValidator(64)},
			},
			"domain_id": schema.StringAttribute{
				MarkdownDescription: "Account (domain) id of `user_name`, instead of `domain_name`. With an access key " +
					"pair, the account sent as `X-Domain-Id` on its calls to IAM (`assume_role`); looked up once when unset. " +
					"Falls back to `" + envDomainID + "`.",
				Optional:   true,
				Validators: []validator.String{printableValidator(64)},
			},
			"shared_config_file": schema.StringAttribute{
				MarkdownDescription: "Huawei Cloud CLI configuration file to read a profile from (access keys, " +
					"security token, region, project id). Defaults to `~/.hcloud/config.json` when `profile` is " +
					"set. Falls back to `" + envSharedConfigFile + "`.",
				Optional: true,
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Profile of `shared_config_file` to use; its `current` profile when unset. " +
					"Falls back to `" + envProfile + "`.",
				Optional: true,
			},
			"assume_role": schema.SingleNestedAttribute{
				MarkdownDescription: "Work as an agency: the credentials above are traded for the agency's " +
					"temporary keys, renewed before they expire. Falls back to the `HW_ASSUME_ROLE_*` variables.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"agency_name": schema.StringAttribute{
						MarkdownDescription: "Agency to assume. Falls back to `" + envAssumeRoleAgency + "`.",
						Required:            true,
						Validators:          []validator.String{printableValidator(64)},
					},
					"domain_name": schema.StringAttribute{
						MarkdownDescription: "Account (domain) name that owns the agency. Falls back to `" + envAssumeRoleDomainName + "`.",
						Optional:            true,
						Validators:          []validator.String{printableValidator(64)},
					},
					"domain_id": schema.StringAttribute{
						MarkdownDescription: "Account (domain) id that owns the agency, instead of `domain_name`. Falls back to `" + envAssumeRoleDomainID + "`.",
						Optional:            true,
						Validators:          []validator.String{printableValidator(64)},
					},
					"duration": schema.NumberAttribute{
						MarkdownDescription: "Validity of the temporary keys in seconds, 900 to 86400; 3600 by default. " +
							"Falls back to `" + envAssumeRoleDuration + "`.",
						Optional:   true,
						Validators: []validator.Number{wholeNumberValidator(900, 86400)},
					},
				},
			},
			"max_retries": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("How many times a read is retried after throttling (429), a "+
					"gateway or service failure (5xx) or a connection failure, between 0 and %d. Defaults to %d. "+
					"Falls back to `%s`.", maxRetriesLimit, hss.DefaultMaxRetries, envMaxRetries),
				Optional:   true,
				Validators: []validator.Number{wholeNumberValidator(0, maxRetriesLimit)},
			},
		},
	}
}

// Configure resolves every argument against its environment variable,
// checks the result and builds the one HSS client all reads share.
func (p *HSSProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg HSSProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
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
	if r.insecure {
		tflog.Warn(ctx, "TLS certificate verification is off (insecure = true); use it only against test endpoints")
	}
	tflog.Debug(ctx, "configured HSS client", map[string]any{
		"endpoint": r.endpoint.value, "region": r.region.value, "project_id": r.projectID.value,
		"auth": r.authKind(), "max_retries": client.MaxRetries(),
	})
	data := &providerData{client: client, enterpriseProjectID: r.enterpriseProjectID.value, wait: hss.DefaultWaitPolicy()}
	if p.wait != nil {
		data.wait = *p.wait
	}
	resp.DataSourceData = data
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
	return []func() datasource.DataSource{NewExportTaskDataSource}
}

// Resources lists none: the provider only reads.
func (p *HSSProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

// userAgent names the provider and, when Terraform says it, its version.
func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-hss/" + version
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
