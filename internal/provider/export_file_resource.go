package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/localfile"
)

var (
	_ resource.Resource                = (*ExportFileResource)(nil)
	_ resource.ResourceWithConfigure   = (*ExportFileResource)(nil)
	_ resource.ResourceWithImportState = (*ExportFileResource)(nil)
	_ roundTripper                     = (*ExportFileResource)(nil)
)

// NewExportFileResource is the constructor the provider registers.
func NewExportFileResource() resource.Resource {
	return &ExportFileResource{}
}

// ExportFileResource downloads an exported file to a local path.
type ExportFileResource struct {
	resourceBase
}

// ExportFileResourceModel is hss_export_file.
type ExportFileResourceModel struct {
	ID                  types.String `tfsdk:"id"`
	FileID              types.String `tfsdk:"file_id"`
	Path                types.String `tfsdk:"path"`
	EnterpriseProjectID types.String `tfsdk:"enterprise_project_id"`
	Region              types.String `tfsdk:"region"`
	FilePermission      types.String `tfsdk:"file_permission"`
	DirectoryPermission types.String `tfsdk:"directory_permission"`
	MaxSize             types.Number `tfsdk:"max_size"`
	VerifyZip           types.Bool   `tfsdk:"verify_zip"`
	SHA256              types.String `tfsdk:"sha256"`
	Size                types.Int64  `tfsdk:"size"`
	Entries             types.List   `tfsdk:"entries"`
}

// defaultMaxSize is the largest file downloaded when max_size is unset.
const defaultMaxSize = 1 << 30

var downloadFile = operation{summary: "Unable to Download HSS Export File", doing: "Downloading the file",
	object: "export file", idAttr: "file_id", timeoutAttr: "create", permission: "download HSS export files"}

// Metadata names the resource hss_export_file.
func (r *ExportFileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_export_file"
}

// Schema describes hss_export_file.
func (r *ExportFileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exportFileSchema()
}

var exportFileModel = &model[ExportFileResourceModel]{name: "hss_export_file",
	schema: func(context.Context) attr.Type { return exportFileSchema().Type() }}

func (r *ExportFileResource) roundTrip(ctx context.Context, v tftypes.Value) (tftypes.Value, error) {
	return exportFileModel.roundTrip(ctx, v)
}

var permissionPattern = regexp.MustCompile(`^0?[0-7]{3}$`)

func exportFileSchema() schema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	permission := func(desc, def string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Computed: true, Default: stringdefault.StaticString(def),
			Validators:    []validator.String{stringvalidator.RegexMatches(permissionPattern, `must be an octal mode such as "0600"`)},
			PlanModifiers: replace}
	}
	return schema.Schema{
		MarkdownDescription: "Downloads an exported file to `path`, safely: the file is streamed into a temporary file " +
			"beside `path`, checked, synced and renamed into place, so `path` holds either its old content or the " +
			"complete new file, never a partial one; nothing is held in memory. When the file at `path` goes missing " +
			"or changes, the next apply downloads it again. Destroying the resource deletes the file.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "The SHA-256 of the file, as `sha256`.", Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"file_id": schema.StringAttribute{
				MarkdownDescription: "Id of the exported file: `hss_export`'s or `hss_export_task`'s `file_id`.",
				Required:            true,
				Validators:          []validator.String{fileIDCheck},
				PlanModifiers:       replace,
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "Where to write the file; missing parent directories are created. The name HSS gives " +
					"the file is never used as a path.",
				Required:      true,
				Validators:    []validator.String{pathCheck.validator()},
				PlanModifiers: replace,
			},
			"enterprise_project_id": schema.StringAttribute{
				MarkdownDescription: "Enterprise project of the file. Defaults to the provider's `enterprise_project_id`.",
				Optional:            true,
				Validators:          []validator.String{printable(64).validator()},
				PlanModifiers:       replace,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region to download from; defaults to the provider's.",
				Optional:            true,
				Validators:          []validator.String{regionCheck.validator()},
				PlanModifiers:       replace,
			},
			"file_permission":      permission("Permissions of the file, in octal. Defaults to `\"0600\"`.", "0600"),
			"directory_permission": permission("Permissions of parent directories it creates, in octal. Defaults to `\"0700\"`.", "0700"),
			"max_size": schema.NumberAttribute{
				MarkdownDescription: "Largest file to accept, in bytes: a larger download stops there and is an error. " +
					"Defaults to 1 GiB (1073741824).",
				Optional: true, Computed: true, Default: numberdefault.StaticBigFloat(big.NewFloat(defaultMaxSize)),
				Validators:    []validator.Number{wholeNumberValidator(1, 1<<50)},
				PlanModifiers: []planmodifier.Number{numberplanmodifier.RequiresReplace()},
			},
			"verify_zip": schema.BoolAttribute{
				MarkdownDescription: "Check that the download is a valid zip (its central directory, and every entry's " +
					"CRC) before it replaces `path`. Defaults to `true`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"sha256": schema.StringAttribute{MarkdownDescription: "Hex SHA-256 of the file.", Computed: true},
			"size":   schema.Int64Attribute{MarkdownDescription: "Size of the file in bytes.", Computed: true},
			"entries": schema.ListAttribute{MarkdownDescription: "Names of the files in the zip (empty without `verify_zip`).",
				ElementType: types.StringType, Computed: true},
		},
	}
}

// Create downloads the file into place.
func (r *ExportFileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	m, ok := r.decode(ctx, req.Plan.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	fileMode, _ := strconv.ParseUint(m.FilePermission.ValueString(), 8, 32)
	dirMode, _ := strconv.ParseUint(m.DirectoryPermission.ValueString(), 8, 32)
	maxSize, _ := wholeIn(m.MaxSize.ValueBigFloat(), 1, 1<<50)
	q := hss.DownloadQuery{FileID: m.FileID.ValueString(), Region: m.Region.ValueString(),
		EnterpriseProjectID: r.enterpriseProject(m.EnterpriseProjectID.ValueString(), !m.EnterpriseProjectID.IsNull())}
	got, err := saveFile(ctx, r.data.client, q, localfile.Target{Path: m.Path.ValueString(), Mode: os.FileMode(fileMode),
		DirMode: os.FileMode(dirMode), MaxSize: maxSize, VerifyZip: m.VerifyZip.ValueBool()})
	if err != nil {
		resp.Diagnostics.Append(fileErrorDiagnostic(r.data.client, q, m.Path.ValueString(), err))
		return
	}
	m.ID, m.SHA256, m.Size = types.StringValue(got.SHA256), types.StringValue(got.SHA256), types.Int64Value(got.Size)
	entries := make([]attr.Value, len(got.Entries))
	for i, e := range got.Entries {
		entries[i] = types.StringValue(hss.ServerText(e)) // names chosen by whoever made the zip
	}
	m.Entries = types.ListValueMust(types.StringType, entries)
	exportFileModel.encode(ctx, m, &resp.State.Raw, &resp.Diagnostics)
}

// Read notices a file that is gone or changed: the resource then leaves
// the state, and the next apply downloads the file again.
func (r *ExportFileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	m, ok := r.decode(ctx, req.State.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	sum, err := localfile.SHA256(m.Path.ValueString())
	switch {
	case os.IsNotExist(err):
		resp.State.RemoveResource(ctx)
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Unable to Read HSS Export File",
			fmt.Sprintf("The file at %s could not be read: %s.", m.Path.ValueString(), err))
	case sum != m.SHA256.ValueString():
		resp.State.RemoveResource(ctx)
	}
}

// Update has nothing to do: every argument replaces the resource.
func (r *ExportFileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

// Delete removes the file.
func (r *ExportFileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m, ok := r.decode(ctx, req.State.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	if err := os.Remove(m.Path.ValueString()); err != nil && !os.IsNotExist(err) {
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Unable to Delete HSS Export File",
			fmt.Sprintf("The file at %s could not be removed: %s.", m.Path.ValueString(), err))
	}
}

// decode decodes a plan or state value, once the provider is configured.
func (r *ExportFileResource) decode(ctx context.Context, raw tftypes.Value, diags *diagnostics) (ExportFileResourceModel, bool) {
	if diags.Append(r.configured("hss_export_file was used")...); diags.HasError() {
		return ExportFileResourceModel{}, false
	}
	return exportFileModel.decode(ctx, raw, diags)
}

// saveFile downloads the file q names into t.
func saveFile(ctx context.Context, client *hss.Client, q hss.DownloadQuery, t localfile.Target) (localfile.Result, error) {
	return localfile.Write(t, func(receive func(io.Reader) error) error {
		_, err := client.Download(ctx, q, receive)
		return err
	})
}

// fileErrorDiagnostic reports a failed download: what went wrong on this
// machine or with the content, or else what the client says.
func fileErrorDiagnostic(client *hss.Client, q hss.DownloadQuery, dest string, err error) diag.Diagnostic {
	var tooLarge *localfile.TooLargeError
	var notZip *localfile.NotZipError
	var local *localfile.LocalError
	switch {
	case errors.As(err, &tooLarge):
		return diag.NewAttributeErrorDiagnostic(path.Root("max_size"), "HSS Export File Too Large",
			fmt.Sprintf("File %q is larger than max_size (%d bytes); the download stopped there and %s was left as it was. "+
				"Raise max_size if the file is expected to be this large.", q.FileID, tooLarge.Max, dest))
	case errors.As(err, &notZip):
		return diag.NewAttributeErrorDiagnostic(path.Root("verify_zip"), "HSS Export File Is Not a Zip",
			fmt.Sprintf("File %q is not a valid zip (%s); %s was left as it was. HSS exports are zips: check that endpoint "+
				"points at HSS, or set verify_zip = false to keep whatever it sends.", q.FileID, client.Redact(notZip.Err.Error()), dest))
	case errors.As(err, &local):
		return diag.NewAttributeErrorDiagnostic(path.Root("path"), "Unable to Write HSS Export File",
			fmt.Sprintf("The file could not be written: %s. %s was left as it was.", local, dest))
	}
	return errorDiagnostic(failure{op: downloadFile, client: client, id: q.FileID, enterpriseProject: q.EnterpriseProjectID, err: err})
}

// ImportState explains why a downloaded file is not imported, and what to
// do instead.
func (r *ExportFileResource) ImportState(_ context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Cannot Import HSS Export File",
		fmt.Sprintf("An hss_export_file cannot be imported (got %q): nothing ties a file on disk to the HSS file it came "+
			"from. Declare the resource with the file_id and path you want, and an apply downloads the file again, "+
			"replacing what is at path only once the new file is complete and checked.", req.ID))
}
