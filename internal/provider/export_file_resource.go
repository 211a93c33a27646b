package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/localfile"
)

var (
	_ resource.Resource                   = (*ExportFileResource)(nil)
	_ resource.ResourceWithConfigure      = (*ExportFileResource)(nil)
	_ resource.ResourceWithValidateConfig = (*ExportFileResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*ExportFileResource)(nil)
	_ resource.ResourceWithImportState    = (*ExportFileResource)(nil)
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
	ID                  types.String   `tfsdk:"id"`
	FileID              types.String   `tfsdk:"file_id"`
	Path                types.String   `tfsdk:"path"`
	EnterpriseProjectID types.String   `tfsdk:"enterprise_project_id"`
	Region              types.String   `tfsdk:"region"`
	FilePermission      types.String   `tfsdk:"file_permission"`
	DirectoryPermission types.String   `tfsdk:"directory_permission"`
	MaxSize             types.Number   `tfsdk:"max_size"`
	VerifyZip           types.Bool     `tfsdk:"verify_zip"`
	MaxUnpackedSize     types.Number   `tfsdk:"max_unpacked_size"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
	SHA256              types.String   `tfsdk:"sha256"`
	Size                types.Int64    `tfsdk:"size"`
	Entries             types.List     `tfsdk:"entries"`
	EntryCount          types.Int64    `tfsdk:"entry_count"`
}

// emptyFileID says why a file_id is empty, and what to do: the one error a
// download of an unfinished export gives (the export's own warning says
// why it has not finished).
const emptyFileID = "file_id is empty because the export it comes from has not finished yet (its task_status is " +
	"not \"success\"; an hss_export whose wait ran out says so in its own warning). Apply again once it has: " +
	"hss_export then waits for that same task again, and the file is downloaded. With wait_for_completion = false " +
	"(on hss_export or the hss_export_task data source) nothing waits for the export: set it to true."

// The bounds and defaults of a download.
const (
	// defaultMaxSize is the largest file downloaded when max_size is unset.
	defaultMaxSize = 1 << 30
	// defaultMaxUnpacked bounds what a zip's entries unpack to together
	// when max_unpacked_size is unset: far beyond any real report.
	defaultMaxUnpacked = 16 << 30
	// maxZipEntries bounds a zip's entries: a report has a handful.
	maxZipEntries = 10000
	// defaultDownloadTimeout bounds a download, its retries and its check;
	// defaultFileReadTimeout a refresh of the file on disk.
	defaultDownloadTimeout = 20 * time.Minute
	defaultFileReadTimeout = 5 * time.Minute
)

var downloadFile = operation{summary: "Unable to Download HSS Export File", doing: "Downloading the file",
	object: "export file", idAttr: "file_id", timeoutAttr: "create", permission: "download HSS export files"}

// Metadata names the resource hss_export_file.
func (r *ExportFileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_export_file"
}

// Schema describes hss_export_file.
func (r *ExportFileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exportFileSchema(ctx)
}

func exportFileSchema(ctx context.Context) schema.Schema {
	permission := func(desc, def string, need os.FileMode) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Computed: true, Default: stringdefault.StaticString(def),
			Validators: []validator.String{modeCheck{need: need, example: def}}}
	}
	return schema.Schema{
		MarkdownDescription: "Downloads an exported file to `path`, safely: the file is streamed into a temporary file " +
			"beside `path`, checked, synced and renamed into place, so `path` holds either its old content or the " +
			"complete new file, never a partial one; nothing is held in memory. Every argument changes in place: a " +
			"new `file_id` (or `max_size`, `verify_zip`, `region`, `enterprise_project_id`) downloads the new file " +
			"and renames it over the old one only once it is complete and checked, a permission is a `chmod`, and a " +
			"new `path` is written before the old file is removed. When the file at `path` goes missing or changes, " +
			"the refresh records what is there and says why, and the next apply downloads it again; a mode changed " +
			"on disk (setuid, setgid and sticky bits included) is set back. A symbolic link, named pipe, socket or " +
			"device at `path` is never followed, opened, replaced or changed: the plan and the apply refuse it, " +
			"naming it (a symbolic link higher up, a linked parent directory, is fine). A file at `path` that this " +
			"resource did not write is replaced by the apply, and the plan warns first. Destroying the resource " +
			"deletes the file only if it is still the one it wrote (anything else at `path` is left, with a warning), " +
			"then the directories it created for it, innermost first, while they are empty.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "The SHA-256 of the file, as `sha256`.", Computed: true},
			"file_id": schema.StringAttribute{
				MarkdownDescription: "Id of the exported file: `hss_export`'s or `hss_export_task`'s `file_id`.",
				Required:            true,
				Validators:          []validator.String{fileIDCheck},
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "Where to write the file; missing parent directories are created. It must name a " +
					"file: a path that ends in a separator, `.` or `..`, an existing directory, or a symbolic link, " +
					"named pipe, socket or device, is refused at plan. The name HSS gives the file is never used as a path.",
				Required:   true,
				Validators: []validator.String{pathCheck.validator()},
			},
			"enterprise_project_id": schema.StringAttribute{
				MarkdownDescription: "Enterprise project of the file. Defaults to the provider's `enterprise_project_id`.",
				Optional:            true,
				Validators:          []validator.String{printable(64).validator()},
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region to download from; defaults to the provider's.",
				Optional:            true,
				Validators:          []validator.String{regionCheck.validator()},
			},
			"file_permission": permission("Permissions of the file, in octal: `\"0600\"`, `\"600\"` or `\"0o600\"`. "+
				"Defaults to `\"0600\"`. The owner must be able to read it (a read-only `\"0400\"` is fine). Set exactly, "+
				"whatever the umask; a change is a `chmod`, and any other mode found on disk (a setuid, setgid or sticky "+
				"bit included) is set back by the next apply.", "0600", 0o400),
			"directory_permission": permission("Permissions of the parent directories it creates, in octal, set exactly "+
				"whatever the umask. Defaults to `\"0700\"`. The owner must be able to use them. A change applies to "+
				"directories created from then on.", "0700", 0o700),
			"max_size": schema.NumberAttribute{
				MarkdownDescription: "Largest file to accept, in bytes: a larger download stops there and is an error. " +
					"Defaults to 1 GiB (1073741824).",
				Optional: true, Computed: true, Default: numberdefault.StaticBigFloat(big.NewFloat(defaultMaxSize)),
				Validators: []validator.Number{wholeNumberValidator(1, 1<<50)},
			},
			"verify_zip": schema.BoolAttribute{
				MarkdownDescription: "Check that the download is a valid zip (its central directory, and every entry's " +
					"CRC) before it replaces `path`. Defaults to `true`. The check is bounded: a zip whose entries unpack " +
					"to more than `max_unpacked_size`, that has more than " + strconv.Itoa(maxZipEntries) + " entries, or " +
					"whose entries share their data is refused as a likely zip bomb.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			},
			"max_unpacked_size": schema.NumberAttribute{
				MarkdownDescription: "With `verify_zip`, the most bytes the zip's entries may unpack to together. " +
					"Defaults to 16 GiB (17179869184), which no real report reaches.",
				Optional: true, Computed: true, Default: numberdefault.StaticBigFloat(big.NewFloat(defaultMaxUnpacked)),
				Validators: []validator.Number{wholeNumberValidator(1, 1<<50)},
			},
			"timeouts": resourceTimeouts(ctx, "Timeouts: `create` and `update` bound a download, its retries and its zip "+
				"check; `read` bounds a refresh's look at the file on disk.", timeouts.Opts{Create: true, Update: true, Read: true,
				ReadDescription: "How long a refresh may take to look at the file and hash it, such as `\"1m\"`. Defaults to `\"5m\"`.",
				CreateDescription: "How long a download may take, retries and the zip check included, such as `\"30m\"`. " +
					"Defaults to `\"20m\"`.",
				UpdateDescription: "The same, for a download an update makes. Defaults to `\"20m\"`.",
			}),
			"sha256": schema.StringAttribute{MarkdownDescription: "Hex SHA-256 of the file.", Computed: true},
			"size":   schema.Int64Attribute{MarkdownDescription: "Size of the file in bytes.", Computed: true},
			"entries": schema.ListAttribute{MarkdownDescription: "Names of the files in the zip, the first " +
				strconv.Itoa(localfile.MaxEntryNames) + " (empty without `verify_zip`).",
				ElementType: types.StringType, Computed: true},
			"entry_count": schema.Int64Attribute{MarkdownDescription: "How many files the zip holds (0 without `verify_zip`).",
				Computed: true},
		},
	}
}

// ValidateConfig refuses, at plan, a path that cannot name a file.
func (r *ExportFileResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var p types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("path"), &p)...)
	if p.IsNull() || p.IsUnknown() {
		return
	}
	if err := localfile.CleanPath(p.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Invalid Attribute Value",
			fmt.Sprintf("path %q %s.", p.ValueString(), err))
	}
}

// ModifyPlan refuses anything but a regular file at path; warns before a
// download replaces a file this resource did not write, and about
// temporary files a killed run left; and marks what a download will change
// as unknown when an update downloads the file again (see downloads).
func (r *ExportFileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // a destroy
	}
	var plan, state ExportFileResourceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	// An empty file_id is reported once, by the apply (download): the
	// export it comes from has said why in its own warning, and Terraform
	// plans before a destroy too, which must not fail on it.
	creating := req.State.Raw.IsNull()
	if !creating {
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	download := creating || downloads(plan, state)
	if download && !creating {
		for _, name := range []string{"id", "sha256"} {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), types.StringUnknown())...)
		}
		for _, name := range []string{"size", "entry_count"} {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), types.Int64Unknown())...)
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("entries"), types.ListUnknown(types.StringType))...)
	}
	if plan.Path.IsUnknown() {
		return
	}
	p := plan.Path.ValueString()
	found, err := localfile.Look(p)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Unable to Read HSS Export File", fmt.Sprintf("%s: %s.", p, err))
		return
	case found.Kind != localfile.Missing && found.Kind != localfile.Regular:
		resp.Diagnostics.AddAttributeError(path.Root("path"), "HSS Export File Path Is Not a File",
			notAFile(&localfile.NotAFileError{Path: p, Kind: found.Kind}))
		return
	case download && found.Kind == localfile.Regular && (creating || !ownFile(ctx, req.Private, plan, state, found)):
		resp.Diagnostics.AddAttributeWarning(path.Root("path"), "HSS Export File Will Replace a File",
			fmt.Sprintf("%s holds a file that this resource did not write (or that changed since it did): the apply "+
				"replaces it with file %q. Move it away first to keep it.", p, plan.FileID.ValueString()))
	}
	if stale := localfile.Stale(p); len(stale) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("path"), "Temporary Files Left Beside HSS Export File",
			fmt.Sprintf("A run that was stopped left %s beside %s. The next apply that writes or removes %s removes them.",
				strings.Join(stale, ", "), p, p))
	}
}

// downloads says whether going from state to plan downloads the file
// again: anything but the permissions and timeouts changed, or the refresh
// found that path no longer holds the file downloaded (its sha256 then
// records what it holds). A change of path downloads to the new path (and
// then removes the old file).
func downloads(plan, state ExportFileResourceModel) bool {
	return !plan.FileID.Equal(state.FileID) || !plan.Path.Equal(state.Path) || !plan.MaxSize.Equal(state.MaxSize) ||
		!plan.VerifyZip.Equal(state.VerifyZip) || !plan.MaxUnpackedSize.Equal(state.MaxUnpackedSize) ||
		!plan.Region.Equal(state.Region) || !plan.EnterpriseProjectID.Equal(state.EnterpriseProjectID) ||
		!state.SHA256.Equal(state.ID)
}

// ownFile says whether the regular file found at plan's path is the one
// this resource wrote there, as far as the refresh and its identity tell.
func ownFile(ctx context.Context, private privateGetter, plan, state ExportFileResourceModel, found localfile.Found) bool {
	rec := loadWritten(ctx, private, state)
	return plan.Path.Equal(state.Path) && state.SHA256.Equal(state.ID) &&
		(!rec.id().Known() || !found.ID.Known() || rec.id() == found.ID)
}

// Create downloads the file into place.
func (r *ExportFileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m ExportFileResourceModel
	if !r.get(ctx, "hss_export_file", req.Plan, &m, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Create(ctx, defaultDownloadTimeout)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rec, ok := r.download(ctx, &m, timeout, "", &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	resp.Diagnostics.Append(saveWritten(ctx, resp.Private, rec)...)
}

// download writes m's file to m's path, records in m what it wrote, and
// returns the record of it; before names what path held (for the
// error's words: it still holds it).
func (r *ExportFileResource) download(ctx context.Context, m *ExportFileResourceModel, timeout time.Duration, before string,
	diags *diagnostics) (written, bool) {
	fileMode, _ := parseMode(m.FilePermission.ValueString())
	dirMode, _ := parseMode(m.DirectoryPermission.ValueString())
	maxSize, _ := wholeIn(m.MaxSize.ValueBigFloat(), 1, 1<<50)
	maxUnpacked, _ := wholeIn(m.MaxUnpackedSize.ValueBigFloat(), 1, 1<<50)
	if m.FileID.ValueString() == "" {
		diags.AddAttributeError(path.Root("file_id"), "HSS Export Not Finished", emptyFileID)
		return written{}, false
	}
	q := hss.DownloadQuery{FileID: m.FileID.ValueString(), Region: m.Region.ValueString(),
		EnterpriseProjectID: r.enterpriseProject(m.EnterpriseProjectID.ValueString(), !m.EnterpriseProjectID.IsNull())}
	got, err := saveFile(ctx, r.data.client, q, localfile.Target{Path: m.Path.ValueString(), Mode: fileMode, DirMode: dirMode,
		MaxSize: maxSize, VerifyZip: m.VerifyZip.ValueBool(), MaxUnpacked: maxUnpacked, MaxEntries: maxZipEntries})
	if err != nil {
		diags.Append(fileErrorDiagnostic(ctx, r.data.client, q, m.Path.ValueString(), before, timeout, err))
		return written{}, false
	}
	m.ID, m.SHA256, m.Size = types.StringValue(got.SHA256), types.StringValue(got.SHA256), types.Int64Value(got.Size)
	entries := make([]attr.Value, len(got.Entries))
	for i, e := range got.Entries {
		entries[i] = types.StringValue(r.data.client.ServerText(e)) // names chosen by whoever made the zip
	}
	m.Entries = types.ListValueMust(types.StringType, entries)
	m.EntryCount = types.Int64Value(int64(got.EntryCount))
	return written{Device: got.ID.Device, Inode: got.ID.Inode, SHA256: got.SHA256, Size: got.Size, Dirs: got.Dirs}, true
}

// Read looks at path, opening nothing but a regular file of the size it
// wrote. A file that is missing, changed or not a regular file stays in
// the state, which records what path holds now (sha256 and size), so that
// the plan shows the download that puts it back, and destroy still leaves
// what is not the resource's own; a changed mode is recorded, so that the
// next apply sets it back. A warning says which.
func (r *ExportFileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m ExportFileResourceModel
	if !r.get(ctx, "hss_export_file", req.State, &m, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Read(ctx, defaultFileReadTimeout)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rec := loadWritten(ctx, req.Private, m)
	p := m.Path.ValueString()
	found, err := localfile.Inspect(ctx, p, rec.Size)
	again := func(why string) {
		resp.Diagnostics.AddAttributeWarning(path.Root("path"), "HSS Export File Will Be Downloaded Again",
			fmt.Sprintf("%s %s, so the next apply downloads file %q to it again.", p, why, m.FileID.ValueString()))
		m.SHA256, m.Size = types.StringValue(found.SHA256), types.Int64Value(found.Size)
	}
	switch {
	case os.IsNotExist(err):
		again("is missing")
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Unable to Read HSS Export File",
			fmt.Sprintf("The file at %s could not be read: %s.", p, err))
		return
	case found.Kind != localfile.Regular:
		resp.Diagnostics.AddAttributeWarning(path.Root("path"), "HSS Export File Replaced by Something Else",
			fmt.Sprintf("%s is %s now, not the file downloaded there. The provider never follows, opens, replaces or "+
				"changes one, so the next plan fails until it is removed or path changes; then the next apply downloads "+
				"file %q again. Destroy leaves it where it is.", p, found.Kind, m.FileID.ValueString()))
		m.SHA256, m.Size = types.StringValue(""), types.Int64Value(found.Size)
	case !found.Unreadable && found.SHA256 != rec.SHA256:
		again("has changed since it was downloaded (destroy leaves it in place)")
	default:
		m.SHA256, m.Size = types.StringValue(rec.SHA256), types.Int64Value(rec.Size)
		if want, ok := parseMode(m.FilePermission.ValueString()); ok && found.Mode != uint32(want) {
			resp.Diagnostics.AddAttributeWarning(path.Root("file_permission"), "HSS Export File Mode Changed",
				fmt.Sprintf("%s has mode %04o, not %04o: the next apply sets it back.", p, found.Mode, want))
			m.FilePermission = types.StringValue(fmt.Sprintf("%04o", found.Mode))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	resp.Diagnostics.Append(saveWritten(ctx, resp.Private, rec)...)
}

// Update changes the file in place: a new download renamed over the old
// file once it is complete and checked, or, when only the permissions
// changed, a chmod of the file this resource wrote. A new path is written
// first, then the old file is removed if it is still ours. On any failure
// the state stays as it was, and so does every file.
func (r *ExportFileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ExportFileResourceModel
	if !r.get(ctx, "hss_export_file", req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	var state ExportFileResourceModel
	if !r.get(ctx, "hss_export_file", req.State, &state, &resp.Diagnostics) {
		return
	}
	rec := loadWritten(ctx, req.Private, state)
	if !downloads(plan, state) {
		p := plan.Path.ValueString()
		localfile.RemoveStale(p)
		mode, _ := parseMode(plan.FilePermission.ValueString())
		if err := localfile.Chmod(p, uint32(mode), rec.id()); err != nil {
			detail := fmt.Sprintf("The mode of %s could not be set: %s.", p, err)
			var notFile *localfile.NotAFileError
			var replaced *localfile.ReplacedError
			switch {
			case errors.As(err, &notFile):
				detail = notAFile(notFile) + " Nothing was changed."
			case errors.As(err, &replaced):
				detail = fmt.Sprintf("%s; its mode was left as it is. Apply again without -refresh=false: the refresh "+
					"sees it, and the plan says what the apply will do.", replaced)
			}
			resp.Diagnostics.AddAttributeError(path.Root("path"), "Unable to Change HSS Export File Mode", detail)
			return
		}
		plan.ID, plan.SHA256, plan.Size, plan.Entries, plan.EntryCount = state.ID, state.SHA256, state.Size, state.Entries, state.EntryCount
	} else {
		timeout, d := plan.Timeouts.Update(ctx, defaultDownloadTimeout)
		if resp.Diagnostics.Append(d...); d.HasError() {
			return
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		before := "the file it held"
		if !plan.Path.Equal(state.Path) {
			before = "what it held"
		}
		got, ok := r.download(ctx, &plan, timeout, before, &resp.Diagnostics)
		if !ok {
			return
		}
		if plan.Path.Equal(state.Path) {
			got.Dirs = append(rec.Dirs, got.Dirs...) // a directory made since is the resource's too
		} else {
			resp.Diagnostics.Append(removeOwn(ctx, state.Path.ValueString(), rec)...)
		}
		rec = got
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(saveWritten(ctx, resp.Private, rec)...)
}

// Delete removes the file if it is still the one this resource wrote, the
// temporary files a killed run left beside it, and the directories it
// created for it while they are empty.
func (r *ExportFileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m ExportFileResourceModel
	if !r.get(ctx, "hss_export_file", req.State, &m, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(removeOwn(ctx, m.Path.ValueString(), loadWritten(ctx, req.Private, m))...)
}

// saveFile downloads the file q names into t.
func saveFile(ctx context.Context, client *hss.Client, q hss.DownloadQuery, t localfile.Target) (localfile.Result, error) {
	return localfile.Write(ctx, t, func(receive func(io.Reader) error) error {
		_, err := client.Download(ctx, q, receive)
		return err
	})
}

// ImportState explains why a downloaded file is not imported, and what to
// do instead.
func (r *ExportFileResource) ImportState(_ context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Cannot Import HSS Export File",
		fmt.Sprintf("An hss_export_file cannot be imported (got %q): nothing ties a file on disk to the HSS file it came "+
			"from. Declare the resource with the file_id and path you want, and an apply downloads the file again, "+
			"replacing what is at path only once the new file is complete and checked.", req.ID))
}
