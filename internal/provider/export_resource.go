package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/dynamicplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

var (
	_ resource.Resource                   = (*ExportResource)(nil)
	_ resource.ResourceWithConfigure      = (*ExportResource)(nil)
	_ resource.ResourceWithValidateConfig = (*ExportResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*ExportResource)(nil)
	_ resource.ResourceWithImportState    = (*ExportResource)(nil)
)

// NewExportResource is the constructor the provider registers.
func NewExportResource() resource.Resource {
	return &ExportResource{}
}

// ExportResource starts an HSS export and waits for its file.
type ExportResource struct {
	resourceBase
}

// ExportResourceModel is hss_export.
type ExportResourceModel struct {
	ID                  types.String   `tfsdk:"id"`
	Kind                types.String   `tfsdk:"kind"`
	Headers             types.List     `tfsdk:"headers"`
	ExportSize          types.Number   `tfsdk:"export_size"`
	Filters             types.Dynamic  `tfsdk:"filters"`
	EnterpriseProjectID types.String   `tfsdk:"enterprise_project_id"`
	Region              types.String   `tfsdk:"region"`
	Triggers            types.Map      `tfsdk:"triggers"`
	WaitForCompletion   types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
	TaskID              types.String   `tfsdk:"task_id"`
	TaskName            types.String   `tfsdk:"task_name"`
	TaskStatus          types.String   `tfsdk:"task_status"`
	FileID              types.String   `tfsdk:"file_id"`
	FileName            types.String   `tfsdk:"file_name"`
	RecordTotalNum      types.Int64    `tfsdk:"record_total_num"`
}

// defaultCreateTimeout bounds a start and its wait when timeouts.create is
// unset; defaultRefreshTimeout a refresh of the task, retries included,
// when timeouts.read is.
const (
	defaultCreateTimeout  = 20 * time.Minute
	defaultRefreshTimeout = 5 * time.Minute
)

// The operations of hss_export, for its diagnostics.
var (
	startExport = operation{summary: "Unable to Start HSS Export", doing: "Starting the export", object: "export",
		idAttr: "kind", timeoutAttr: "create", permission: "start HSS exports"}
	waitExport = operation{summary: "Unable to Read HSS Export Task", doing: "Waiting for the export", object: "export task",
		idAttr: "task_id", timeoutAttr: "create", permission: "read HSS export tasks"}
	refreshExport = operation{summary: "Unable to Read HSS Export Task", doing: "Reading the export task", object: "export task",
		idAttr: "task_id", timeoutAttr: "read", permission: "read HSS export tasks"}
)

// Metadata names the resource hss_export.
func (r *ExportResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_export"
}

// Schema describes hss_export.
func (r *ExportResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exportSchema(ctx)
}

func exportSchema(ctx context.Context) schema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: keep}
	}
	return schema.Schema{
		MarkdownDescription: "Starts an HSS export of one of the " + fmt.Sprint(len(kinds.All)) + " kinds, and waits until its file " +
			"is ready (`file_id`, for `hss_export_file`). Any change of an argument, or of `triggers`, starts a fresh " +
			"export. HSS has no way to delete an export: destroying the resource forgets the task, and the file stays " +
			"in HSS until HSS removes it.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The task id, the same as `task_id`."),
			"kind": schema.StringAttribute{
				MarkdownDescription: "What to export: " + backquoted(kinds.Names()) + ". The table below lists each kind's filters.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(kinds.Names()...)},
				PlanModifiers:       replace,
			},
			"headers": schema.ListAttribute{
				MarkdownDescription: "The columns of the file, as `[key, title]` pairs such as `[[\"host_name\", \"Server\"]]`: " +
					"sent as `export_headers`, or in the shape the kind's operation takes. Required by most kinds.",
				ElementType:   types.ListType{ElemType: types.StringType},
				Optional:      true,
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
			},
			"export_size": schema.NumberAttribute{
				MarkdownDescription: "How many records to export: a whole number within the kind's range (see the table).",
				Optional:            true,
				PlanModifiers:       []planmodifier.Number{numberplanmodifier.RequiresReplace()},
			},
			"filters": schema.DynamicAttribute{
				MarkdownDescription: "The kind's other parameters by their API names, in HCL's own types (strings, numbers, " +
					"bools, lists, objects), such as `{ category = \"vul\", type = \"linux_vul\" }`. Each goes where the " +
					"kind's operation wants it (query, body or header); the table below lists them. A string that spells " +
					"a whole number or a bool exactly (`\"7\"`, `\"true\"`), as a `map(string)` variable or `tomap()` " +
					"gives, is taken as that value.",
				Optional:      true,
				PlanModifiers: []planmodifier.Dynamic{dynamicplanmodifier.RequiresReplace()},
			},
			"enterprise_project_id": schema.StringAttribute{
				MarkdownDescription: "Enterprise project to export from. Defaults to the provider's `enterprise_project_id`.",
				Optional:            true,
				Validators:          []validator.String{printable(64).validator()},
				PlanModifiers:       replace,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region to export in; defaults to the provider's. It picks the default endpoint, and is sent as the `region` header where the SDK models one (the kinds whose table entry says so).",
				Optional:            true,
				Validators:          []validator.String{regionCheck.validator()},
				PlanModifiers:       replace,
			},
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values whose change starts a fresh export, such as `{ week = \"2026-48\" }` for a weekly report.",
				ElementType:         types.StringType,
				Optional:            true,
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: "Wait until the task succeeds (its `file_id` is then known) or fails (an error), polling " +
					"as the data source does, within `timeouts.create`. Defaults to `true`; `false` returns right after the start. " +
					"A wait that runs out or is interrupted (Ctrl-C) is a warning, not an error: the running task stays in the " +
					"state, and the next apply waits for it again (within the new `timeouts.create`) instead of starting a " +
					"second export; the next plan says so. Until then `file_id` is empty, and an `hss_export_file` that " +
					"downloads it fails in that apply with one error that says why.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"timeouts": resourceTimeouts(ctx, "Timeouts: `create` bounds starting the export and waiting for it, `read` "+
				"a refresh of its task; retries included.",
				timeouts.Opts{Create: true, Read: true,
					CreateDescription: "How long starting the export and waiting for it may take, such as `\"30m\"`. Defaults to `\"20m\"`.",
					ReadDescription: "How long a refresh of the task may take, retries included, such as `\"1m\"`. Defaults to " +
						"`\"5m\"`. A refresh that runs out is an error (the plan stops), not a warning that keeps the last " +
						"known status: a plan made from a stale status could skip a wait it needs."}),
			"task_id":     computed("Id of the export task HSS started."),
			"task_name":   computed("Name of the task."),
			"task_status": computed("Status of the task when last read: `running`, `success` or `failure`."),
			"file_id":     computed("Id of the exported file, for `hss_export_file`; empty until the task succeeds."),
			"file_name":   computed("Name HSS gives the file, such as `hss-vul-….zip`; never used as a local path."),
			"record_total_num": schema.Int64Attribute{
				MarkdownDescription: "How many records the export holds, for the kinds whose answer says so (`image_baseline`, " +
					"`local_image_vulnerabilities`, `events`); null for the others.",
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
	}
}

// ValidateConfig checks the export against its kind at plan time, before
// anything is sent: every problem is an error on its attribute.
func (r *ExportResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m ExportResourceModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || m.Kind.IsUnknown() || m.Kind.IsNull() {
		return // the schema reports a missing kind
	}
	if _, known := kinds.Named(m.Kind.ValueString()); !known {
		return // the schema's validator reports it, once
	}
	er, problems := exportRequest(m)
	// The region may come from the provider, unknown here: ModifyPlan
	// checks it.
	problems = append(problems, hss.ValidateExport(er, true)...)
	for _, p := range problems {
		resp.Diagnostics.AddAttributeError(problemPath(p), "Invalid HSS Export", p.Error()+".")
	}
	for _, w := range hss.ColumnWarnings(er) {
		resp.Diagnostics.AddAttributeWarning(path.Root("headers"), "Unknown HSS Export Column", w+".")
	}
}

// ModifyPlan checks what needs the provider's configuration (a kind that
// needs a region has one), and plans the rest of a wait that ran out: a
// task still running, with wait_for_completion, is waited for again by
// Update (its task fields unknown until then); a task that failed is
// replaced by a fresh export.
func (r *ExportResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		r.planResume(ctx, req, resp)
	}
	var m ExportResourceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...); resp.Diagnostics.HasError() || m.Kind.IsUnknown() || m.Region.IsUnknown() {
		return
	}
	if k, ok := kinds.Named(m.Kind.ValueString()); ok && k.Region == kinds.RegionRequired && m.Region.ValueString() == "" && r.data.client.Region() == "" {
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Invalid HSS Export",
			fmt.Sprintf("region is required for kind %q (HSS requires its region header): set region here or on the provider.", k.Name))
	}
}

// Create starts the export, then waits for it unless told not to.
func (r *ExportResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m ExportResourceModel
	if !r.get(ctx, "hss_export", req.Plan, &m, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Create(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	er, _ := exportRequest(m)
	er.EnterpriseProjectID = r.enterpriseProject(m.EnterpriseProjectID.ValueString(), !m.EnterpriseProjectID.IsNull())
	started, err := r.data.client.StartExport(ctx, er)
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic(failure{op: startExport, client: r.data.client, timeout: timeout,
			id: er.Kind, enterpriseProject: er.EnterpriseProjectID, err: err}))
		return
	}
	m.ID, m.TaskID = types.StringValue(started.TaskID), types.StringValue(started.TaskID)
	m.TaskName, m.TaskStatus = types.StringValue(""), types.StringValue(hss.StatusRunning)
	m.FileID, m.FileName = types.StringValue(""), types.StringValue("")
	m.RecordTotalNum = types.Int64Null()
	if started.RecordTotalNum != nil {
		m.RecordTotalNum = types.Int64Value(*started.RecordTotalNum)
	}
	if m.WaitForCompletion.ValueBool() {
		r.wait(ctx, &m, timeout, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// wait waits for m's task within ctx (timeout long) and records what it
// last read. A task that failed is an error (Terraform then taints the
// resource, and the next apply starts a fresh export). A wait that runs
// out, or is interrupted, is not: the running task stays in the state, so
// that the next apply resumes the wait (ModifyPlan, Update) instead of
// starting a second export of the same data; a warning says so.
func (r *ExportResource) wait(ctx context.Context, m *ExportResourceModel, timeout time.Duration, diags *diagnostics) {
	q := r.taskQuery(*m)
	task, err := r.data.client.WaitForExportTask(ctx, q, r.data.wait)
	var timedOut *hss.WaitTimeoutError
	var failed *hss.TaskFailedError
	switch {
	case err == nil:
		setTask(m, task)
		diags.Append(oddityWarnings(r.data.client, task, q.TaskID)...)
	case errors.As(err, &failed):
		setTask(m, failed.Task)
		diags.Append(errorDiagnostic(failure{op: waitExport, client: r.data.client, timeout: timeout,
			id: q.TaskID, enterpriseProject: q.EnterpriseProjectID, err: err}))
	case errors.As(err, &timedOut) || ctx.Err() != nil:
		if timedOut != nil {
			setTask(m, timedOut.Last)
		}
		why := "the wait was interrupted"
		if timedOut != nil || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			why = "timeouts.create (" + shortDuration(timeout) + ") ran out"
		}
		diags.AddAttributeWarning(path.Root("task_status"), "HSS Export Still Running",
			fmt.Sprintf("Export task %q was still running when %s. The next terraform apply waits for this same task "+
				"again and starts no new export (for a large export, raise timeouts.create, such as timeouts = { create = "+
				"\"%s\" }). Until it succeeds, its file_id is empty and nothing can download it.",
				q.TaskID, why, shortDuration(2*timeout)))
	default:
		// A read that failed says nothing of the task, which may still
		// finish: it is kept as well (an error here would taint it, and the
		// next apply would start a second export), and the next refresh
		// reads it again.
		d := errorDiagnostic(failure{op: waitExport, client: r.data.client, timeout: timeout,
			id: q.TaskID, enterpriseProject: q.EnterpriseProjectID, err: err})
		diags.AddAttributeWarning(path.Root("task_status"), d.Summary(), d.Detail()+fmt.Sprintf(
			" Export task %q is kept in the state with task_status = %q, and no second export is started: the next "+
				"terraform apply reads it again.", q.TaskID, m.TaskStatus.ValueString()))
	}
}

// Read refreshes the task within timeouts.read, retries included; a task
// HSS no longer knows leaves the state, with a warning that the next apply
// starts a new export. A refresh that fails or runs out of time is an
// error, not a warning that keeps the last known state: a plan made from a
// task's stale status could skip the wait it needs, or start nothing where
// a new export is due, and -refresh=false is there for a deliberate plan
// without it.
func (r *ExportResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m ExportResourceModel
	if !r.get(ctx, "hss_export", req.State, &m, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Read(ctx, defaultRefreshTimeout)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	q := r.taskQuery(m)
	task, err := r.data.client.GetExportTask(ctx, q)
	switch {
	case errors.Is(err, hss.ErrNotFound):
		resp.Diagnostics.AddWarning("HSS Export Task No Longer Exists",
			fmt.Sprintf("HSS no longer knows export task %q (it expired, or was deleted): hss_export leaves the state, and "+
				"the next apply starts a new export.", q.TaskID))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(errorDiagnostic(failure{op: refreshExport, client: r.data.client, timeout: timeout,
			id: q.TaskID, enterpriseProject: q.EnterpriseProjectID, err: err}))
		return
	}
	setTask(&m, task)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// planResume plans what a task left running by an earlier apply needs.
func (r *ExportResource) planResume(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var status types.String
	var wait types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("task_status"), &status)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("wait_for_completion"), &wait)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case status.ValueString() == hss.StatusFailure:
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("task_status"))
	case status.ValueString() != hss.StatusRunning || !wait.ValueBool():
		return
	}
	var taskID types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("task_id"), &taskID)...)
	resp.Diagnostics.AddAttributeWarning(path.Root("task_status"), "HSS Export Wait Resumes",
		fmt.Sprintf("Export task %q was still running at the last apply, so hss_export changes: this apply waits for "+
			"the same task again (within timeouts.create) and starts no new export; its task_name, task_status, "+
			"file_id and file_name are known after it.", taskID.ValueString()))
	for _, name := range []string{"task_name", "task_status", "file_id", "file_name"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), types.StringUnknown())...)
	}
}

// Update changes only what needs no new export (wait_for_completion,
// timeouts), and resumes the wait for a task an earlier apply left running
// (ModifyPlan): every other change replaces the resource.
func (r *ExportResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ExportResourceModel
	if !r.get(ctx, "hss_export", req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	var state ExportResourceModel
	if !r.get(ctx, "hss_export", req.State, &state, &resp.Diagnostics) {
		return
	}
	state.WaitForCompletion, state.Timeouts = plan.WaitForCompletion, plan.Timeouts
	if state.TaskStatus.ValueString() == hss.StatusRunning && plan.WaitForCompletion.ValueBool() {
		timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
		if resp.Diagnostics.Append(d...); d.HasError() {
			return
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		r.wait(ctx, &state, timeout, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Delete forgets the task: HSS has no way to delete an export.
func (r *ExportResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// ImportState explains why an export cannot be imported, and where to go.
func (r *ExportResource) ImportState(_ context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Cannot Import HSS Export",
		fmt.Sprintf("An hss_export cannot be imported: HSS does not tell an export's arguments (kind, headers, filters) "+
			"from its task, so the state could not say what the export was. To use an existing export task, read it with "+
			"the hss_export_task data source (task_id = %q, with wait_for_completion = true to wait for it) and pass its "+
			"file_id to hss_export_file; or declare the hss_export and let an apply start a new export.", req.ID))
}

// taskQuery reads the resource's task at its kind's status endpoint.
func (r *ExportResource) taskQuery(m ExportResourceModel) hss.ExportTaskQuery {
	return hss.ExportTaskQuery{TaskID: m.TaskID.ValueString(), Kind: m.Kind.ValueString(), Region: m.Region.ValueString(),
		EnterpriseProjectID: r.enterpriseProject(m.EnterpriseProjectID.ValueString(), !m.EnterpriseProjectID.IsNull())}
}

func setTask(m *ExportResourceModel, t *hss.ExportTask) {
	m.TaskName, m.TaskStatus = types.StringValue(t.TaskName), types.StringValue(t.TaskStatus)
	m.FileID, m.FileName = types.StringValue(t.FileID), types.StringValue(t.FileName)
}
