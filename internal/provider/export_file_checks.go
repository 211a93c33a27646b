package provider

// What hss_export_file keeps apart from its lifecycle: the modes it
// accepts, the file it owns (its identity in private state, removed only
// while it is still that file), and how a failed download is reported.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/localfile"
)

// permissionPattern is a mode as it may be written: "600", "0600" or
// "0o600".
var permissionPattern = regexp.MustCompile(`^(0|0o)?[0-7]{3}$`)

// parseMode is a permission as written, and whether it is one.
func parseMode(s string) (os.FileMode, bool) {
	if !permissionPattern.MatchString(s) {
		return 0, false
	}
	m, err := strconv.ParseUint(strings.TrimPrefix(s, "0o"), 8, 32)
	return os.FileMode(m), err == nil
}

// modeCheck validates a permission; need is what its owner must be
// allowed: 0400 for the file, 0700 for a directory; example is a mode
// that fits it, quoted in the error.
type modeCheck struct {
	need    os.FileMode
	example string
}

// ownerNeeds says, for each need, what the owner must be able to do and
// why the provider needs it.
var ownerNeeds = map[os.FileMode]string{
	0o400: "read the file, which the provider needs (it reads the file on every refresh and replaces it by " +
		"rename, never in place, so a read-only mode such as \"0400\" is fine)",
	0o700: "use the directory (read, write and enter it), which the provider needs to write the file there",
}

func (c modeCheck) Description(context.Context) string {
	e := strings.TrimPrefix(c.example, "0")
	return fmt.Sprintf(`must be an octal mode such as %q (or %q, %q)`, c.example, e, "0o"+e)
}

func (c modeCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c modeCheck) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	m, ok := parseMode(req.ConfigValue.ValueString())
	switch {
	case !ok:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("%s %s; got %q.", req.Path, c.Description(ctx), req.ConfigValue.ValueString()))
	case m&c.need != c.need:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("%s %q does not let the owner %s.", req.Path, req.ConfigValue.ValueString(), ownerNeeds[c.need]))
	}
}

// removeOwn removes the file at p if it is still the one rec records, and
// warns when it leaves it; and removes the temporary files a killed run
// left beside it, then the directories created for it while they are empty.
func removeOwn(ctx context.Context, p string, rec written) diag.Diagnostics {
	var diags diag.Diagnostics
	localfile.RemoveStale(p)
	removed, why, err := localfile.RemoveOwn(ctx, p, rec.Size, rec.SHA256, rec.id())
	localfile.RemoveDirs(rec.Dirs)
	switch {
	case err != nil:
		diags.AddAttributeError(path.Root("path"), "Unable to Delete HSS Export File",
			fmt.Sprintf("The file at %s could not be removed: %s.", p, err))
	case !removed && why != "":
		diags.AddAttributeWarning(path.Root("path"), "HSS Export File Left in Place",
			fmt.Sprintf("%s was not removed: %s. Only the file this resource downloaded is ever removed.", p, why))
	}
	return diags
}

// notAFile says why a path that is not a regular file is refused.
func notAFile(e *localfile.NotAFileError) string {
	return fmt.Sprintf("path %s is %s. The provider never follows, opens, replaces or changes one at path (a symbolic "+
		"link to a parent directory is fine). Remove it, or choose another path.", e.Path, e.Kind)
}

// written is the file a resource wrote, in its private state: its device
// and inode, so that another file at the same path (a create_before_destroy
// replacement, someone else's) is never taken for it, even with the same
// content; and its SHA-256 and size, which the state's sha256 and size
// stop showing once a refresh finds another file at path.
type written struct {
	Device, Inode uint64 // as localfile.Identity, and as earlier versions recorded it
	SHA256        string `json:",omitempty"`
	Size          int64  `json:",omitempty"`
	// Dirs are the directories created for the file, outermost first:
	// destroy removes them again while they are empty.
	Dirs []localfile.Dir `json:",omitempty"`
}

func (w written) id() localfile.Identity { return localfile.Identity{Device: w.Device, Inode: w.Inode} }

const writtenKey = "file"

type privateGetter interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

func saveWritten(ctx context.Context, private interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, w written) diag.Diagnostics {
	b, _ := json.Marshal(w)
	return private.SetKey(ctx, writtenKey, b)
}

// loadWritten is the record of the file m's resource wrote. A record of an
// earlier version holds the identity alone: m's id (the SHA-256 of the
// download) and size complete it, as the state still showed the file
// written until this version's first refresh.
func loadWritten(ctx context.Context, private privateGetter, m ExportFileResourceModel) written {
	var w written
	if b, diags := private.GetKey(ctx, writtenKey); !diags.HasError() && len(b) > 0 {
		_ = json.Unmarshal(b, &w)
	}
	if w.SHA256 == "" {
		w.SHA256, w.Size = m.ID.ValueString(), m.Size.ValueInt64()
	}
	return w
}

// fileErrorDiagnostic reports a failed download: what went wrong on this
// machine or with the content, or else what the client says; and, truly,
// what dest holds now: before names what it held (empty: it did not exist
// as far as this resource knows), which it still holds.
func fileErrorDiagnostic(ctx context.Context, client *hss.Client, q hss.DownloadQuery, dest, before string, timeout time.Duration, err error) diag.Diagnostic {
	left := dest + " holds what it held before"
	if before == "" {
		left = "nothing was written to " + dest
	}
	var tooLarge *localfile.TooLargeError
	var notZip *localfile.NotZipError
	var local *localfile.LocalError
	var notFile *localfile.NotAFileError
	switch {
	case errors.As(err, &notFile):
		return diag.NewAttributeErrorDiagnostic(path.Root("path"), "HSS Export File Path Is Not a File",
			notAFile(notFile)+" Nothing was written to it.")
	case errors.As(err, &tooLarge):
		return diag.NewAttributeErrorDiagnostic(path.Root("max_size"), "HSS Export File Too Large",
			fmt.Sprintf("File %q is larger than max_size (%d bytes); the download stopped there and %s. "+
				"Raise max_size if the file is expected to be this large.", q.FileID, tooLarge.Max, left))
	case errors.As(err, &notZip):
		return diag.NewAttributeErrorDiagnostic(path.Root("verify_zip"), "HSS Export File Is Not a Zip",
			fmt.Sprintf("File %q is not a valid zip (%s); %s. HSS exports are zips: check that endpoint points at HSS, "+
				"or set verify_zip = false to keep whatever it sends.", q.FileID, client.Redact(notZip.Err.Error()), left))
	case errors.As(err, &local):
		return diag.NewAttributeErrorDiagnostic(path.Root("path"), "Unable to Write HSS Export File",
			fmt.Sprintf("The file could not be written: %s. %s.", local, upper(left)))
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return diag.NewAttributeErrorDiagnostic(path.Root("timeouts"), "Timed Out Downloading HSS Export File",
			fmt.Sprintf("File %q did not arrive whole within %s (timeouts), retries and the zip check included; %s. "+
				"Raise the timeout for a large file or a slow link, such as timeouts = { create = \"%s\", update = \"%s\" }.\n\nCause: %s",
				q.FileID, shortDuration(timeout), left, shortDuration(2*timeout), shortDuration(2*timeout), client.Redact(err.Error())))
	}
	d := errorDiagnostic(failure{op: downloadFile, client: client, id: q.FileID, enterpriseProject: q.EnterpriseProjectID, err: err})
	return diag.NewErrorDiagnostic(d.Summary(), upper(left)+". "+d.Detail())
}

// upper is s with its first letter in upper case.
func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
