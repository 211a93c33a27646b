package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

var (
	_ datasource.DataSource              = (*ExportTaskDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*ExportTaskDataSource)(nil)
)

// NewExportTaskDataSource is the constructor the provider registers.
func NewExportTaskDataSource() datasource.DataSource {
	return &ExportTaskDataSource{}
}

// ExportTaskDataSource reads one HSS export task.
type ExportTaskDataSource struct {
	dataSourceBase
}

// ExportTaskDataSourceModel is the hss_export_task block and its results.
type ExportTaskDataSourceModel struct {
	ID                  types.String   `tfsdk:"id"`
	TaskID              types.String   `tfsdk:"task_id"`
	Kind                types.String   `tfsdk:"kind"`
	EnterpriseProjectID types.String   `tfsdk:"enterprise_project_id"`
	Region              types.String   `tfsdk:"region"`
	TaskName            types.String   `tfsdk:"task_name"`
	TaskStatus          types.String   `tfsdk:"task_status"`
	FileID              types.String   `tfsdk:"file_id"`
	FileName            types.String   `tfsdk:"file_name"`
	WaitForCompletion   types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// defaultReadTimeout bounds a read, waiting included, when timeouts.read is
// unset.
const defaultReadTimeout = 10 * time.Minute

// Metadata names the data source hss_export_task.
func (d *ExportTaskDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_export_task"
}

// Schema describes hss_export_task.
func (d *ExportTaskDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = exportTaskSchema(ctx)
}

func exportTaskSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads an HSS export task: the asynchronous job that an HSS export API " +
			"(vulnerabilities, containers, baselines…) starts, and that names the exported file once its " +
			"status is `success`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The task id, the same as `task_id`.",
				Computed:            true,
			},
			"task_id": schema.StringAttribute{
				MarkdownDescription: "Id of the export task, as returned by the export API: 1 to 64 characters, " +
					"not `.` or `..`, without `/`, `?`, `#`, whitespace or control characters.",
				Required:   true,
				Validators: []validator.String{taskIDCheck.validator()},
			},
			"kind": schema.StringAttribute{
				MarkdownDescription: "Kind of export the task belongs to, as `hss_export` names it: a hint of where to read it " +
					"first. Event exports are read at their own status endpoint (`/v5/{project_id}/event/export-task/{task_id}`), " +
					"every other task at the generic one (`/v5/{project_id}/export-task/{task_id}`). A task the first endpoint " +
					"does not know, or that is not published in the region (HTTP 404), is looked for at the other (and an " +
					"`operational_report` task by its type, last), so a task read without `kind` is still found. A warning " +
					"names the endpoint that answered: when `kind` pointed elsewhere, it says that `kind` may be wrong for " +
					"this task.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(kinds.Names()...)},
			},
			"enterprise_project_id": schema.StringAttribute{
				MarkdownDescription: "Enterprise project to look in: `0` is the default enterprise project, " +
					"`all_granted_eps` every one the caller may see. Defaults to the provider's " +
					"`enterprise_project_id`; sent only when set.",
				Optional:   true,
				Validators: []validator.String{printable(64).validator()},
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region to read from, such as `cn-north-4`. Picks the default endpoint when " +
					"the provider has no explicit `endpoint`, and is sent as the `region` header. Defaults to the " +
					"provider's region.",
				Optional:   true,
				Validators: []validator.String{regionCheck.validator()},
			},
			"task_name": schema.StringAttribute{
				MarkdownDescription: "Name of the task, such as `vul_vul_…_export_task`.",
				Computed:            true,
			},
			"task_status": schema.StringAttribute{
				MarkdownDescription: "Status of the task: `running`, `success` or `failure`.",
				Computed:            true,
			},
			"file_id": schema.StringAttribute{
				MarkdownDescription: "Id of the exported file, for the HSS download API. Empty until the task succeeds.",
				Computed:            true,
			},
			"file_name": schema.StringAttribute{
				MarkdownDescription: "Name of the exported file, such as `hss-vul-….zip`. Empty until the task succeeds.",
				Computed:            true,
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: "Wait while the task is `running`: poll at once, then after about 1, 2, 4 and 8 " +
					"seconds and every 10 seconds after that (or as the service's `Retry-After` says), until it " +
					"succeeds, fails (an error), or `timeouts.read` runs out (an error). Defaults to `false`: " +
					"read the status once.",
				Optional: true,
			},
			"timeouts": dataSourceTimeouts(ctx, "Timeouts: `read` bounds the whole read, retries and `wait_for_completion` included.",
				timeouts.Opts{ReadDescription: "How long a read may take, retries and `wait_for_completion` included, such as " +
					"`\"30s\"` or `\"1h\"`. Defaults to `\"10m\"`."}),
		},
	}
}

// Read queries the task once and fills the state; a task that is not found
// is an error, never an empty state.
func (d *ExportTaskDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m ExportTaskDataSourceModel
	if !d.get(ctx, "hss_export_task", req.Config, &m, &resp.Diagnostics) {
		return
	}

	q := hss.ExportTaskQuery{
		TaskID:              m.TaskID.ValueString(),
		EnterpriseProjectID: d.enterpriseProject(m.EnterpriseProjectID.ValueString(), !m.EnterpriseProjectID.IsNull()),
		Region:              m.Region.ValueString(),
		Kind:                m.Kind.ValueString(),
		KindFromUser:        true,
	}
	timeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var task *hss.ExportTask
	var err error
	if m.WaitForCompletion.ValueBool() {
		task, err = d.data.client.WaitForExportTask(ctx, q, d.data.wait)
	} else {
		task, err = d.data.client.GetExportTask(ctx, q)
	}
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic(failure{op: readExportTask, client: d.data.client, timeout: timeout,
			id: q.TaskID, enterpriseProject: q.EnterpriseProjectID, err: err}))
		return
	}
	resp.Diagnostics.Append(oddityWarnings(d.data.client, task, q.TaskID)...)

	m.ID = types.StringValue(q.TaskID)
	m.TaskName = types.StringValue(task.TaskName)
	m.TaskStatus = types.StringValue(task.TaskStatus)
	m.FileID = types.StringValue(task.FileID)
	m.FileName = types.StringValue(task.FileName)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
