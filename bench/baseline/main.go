// Command baseline is the floor the benchmark measures the HSS provider
// against: the smallest terraform-plugin-framework provider with one data
// source that does a bare HTTP GET of the same URL and decodes the same
// JSON, with no validation, auth scheme, retries or logging of its own.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &baseProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/hss-community/hssbase", ProtocolVersion: 6})
	if err != nil {
		log.Fatal(err)
	}
}

type baseProvider struct{}

type baseConfig struct {
	Endpoint  types.String `tfsdk:"endpoint"`
	ProjectID types.String `tfsdk:"project_id"`
	Token     types.String `tfsdk:"token"`
}

func (p *baseProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hssbase"
}

func (p *baseProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"endpoint":   pschema.StringAttribute{Required: true},
		"project_id": pschema.StringAttribute{Required: true},
		"token":      pschema.StringAttribute{Required: true, Sensitive: true},
	}}
}

func (p *baseProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var c baseConfig
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	resp.DataSourceData = c
}

func (p *baseProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &baseTask{} }}
}

func (p *baseProvider) Resources(context.Context) []func() resource.Resource { return nil }

type baseTask struct{ cfg baseConfig }

type baseTaskModel struct {
	TaskID     types.String `tfsdk:"task_id"`
	TaskName   types.String `tfsdk:"task_name"`
	TaskStatus types.String `tfsdk:"task_status"`
	FileID     types.String `tfsdk:"file_id"`
	FileName   types.String `tfsdk:"file_name"`
}

func (d *baseTask) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_export_task"
}

func (d *baseTask) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{Attributes: map[string]dschema.Attribute{
		"task_id":     dschema.StringAttribute{Required: true},
		"task_name":   dschema.StringAttribute{Computed: true},
		"task_status": dschema.StringAttribute{Computed: true},
		"file_id":     dschema.StringAttribute{Computed: true},
		"file_name":   dschema.StringAttribute{Computed: true},
	}}
}

func (d *baseTask) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if c, ok := req.ProviderData.(baseConfig); ok {
		d.cfg = c
	}
}

func (d *baseTask) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m baseTaskModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	url := d.cfg.Endpoint.ValueString() + "/v5/" + d.cfg.ProjectID.ValueString() + "/export-task/" + m.TaskID.ValueString()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		resp.Diagnostics.AddError("request", err.Error())
		return
	}
	hreq.Header.Set("X-Auth-Token", d.cfg.Token.ValueString())
	hresp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		resp.Diagnostics.AddError("request", err.Error())
		return
	}
	defer func() { _ = hresp.Body.Close() }()
	var body struct {
		TaskName   string `json:"task_name"`
		TaskStatus string `json:"task_status"`
		FileID     string `json:"file_id"`
		FileName   string `json:"file_name"`
	}
	if err := json.NewDecoder(hresp.Body).Decode(&body); err != nil {
		resp.Diagnostics.AddError("decode", fmt.Sprintf("HTTP %d: %v", hresp.StatusCode, err))
		return
	}
	m.TaskName = types.StringValue(body.TaskName)
	m.TaskStatus = types.StringValue(body.TaskStatus)
	m.FileID = types.StringValue(body.FileID)
	m.FileName = types.StringValue(body.FileName)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
