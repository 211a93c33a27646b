package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// The file at dest, read now, for a later comparison.
func snapshot(t *testing.T, dest string, into *[]byte) func() {
	return func() {
		b, err := os.ReadFile(dest)
		if err != nil {
			t.Fatal(err)
		}
		*into = b
	}
}

// sameFile checks that dest still holds exactly what was snapshot.
func sameFile(dest string, want *[]byte) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := os.ReadFile(dest)
		if err != nil || !bytes.Equal(got, *want) {
			return os.ErrInvalid
		}
		return nil
	}
}

// A failed fresh export, and a failed download of a new file, each leave
// the previous file byte for byte at path, and say so.
func TestExportFileResource_FailuresKeepThePreviousFile(t *testing.T) {
	t.Parallel()
	t.Run("a fresh export that fails", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, hsssim.Config{ExportRunningPolls: 1})
		dest := filepath.Join(t.TempDir(), "v.zip")
		var before []byte
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: waitingFactories(),
			Steps: []resource.TestStep{
				{Config: exportChain(f, dest, vulFilters), Check: fileInPlace(dest)},
				{
					PreConfig:   func() { snapshot(t, dest, &before)(); f.sim.FailExports("vulnerabilities") },
					Config:      exportChain(f, dest, `{ category = "host" }`),
					ExpectError: errorLike("HSS Export Task Failed"),
				},
				{
					// The file was never touched, and no temporary file is left.
					PreConfig: func() {
						if got, _ := os.ReadFile(dest); !bytes.Equal(got, before) {
							t.Error("the previous file changed")
						}
						if err := onlyFile(dest, true); err != nil {
							t.Error(err)
						}
					},
					Config: exportChain(f, dest, vulFilters), PlanOnly: true, ExpectNonEmptyPlan: true,
				},
			},
		})
	})
	t.Run("a new download that fails", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, hsssim.Config{})
		dest := filepath.Join(t.TempDir(), "v.zip")
		var before []byte
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: waitingFactories(),
			Steps: []resource.TestStep{
				{Config: exportChain(f, dest, vulFilters), Check: fileInPlace(dest)},
				{
					PreConfig:   snapshot(t, dest, &before),
					Config:      exportChain(f, dest, vulFilters, "max_size = 100"),
					ExpectError: errorLike("HSS Export File Too Large", dest+" holds what it held before"),
				},
				{Config: exportChain(f, dest, vulFilters), Check: resource.ComposeTestCheckFunc(sameFile(dest, &before), fileInPlace(dest))},
			},
		})
	})
}

// create_before_destroy with the same path: the new object writes path,
// and the old one's delete leaves it, even with the same content.
func TestExportFileResource_CreateBeforeDestroyKeepsTheNewFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	config := func(round string) string {
		return exportChain(f, dest, vulFilters, `lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.round]
  }`) + `
resource "terraform_data" "round" {
  input = "` + round + `"
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{Config: config("1"), Check: fileInPlace(dest)},
			{
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hss_export_file.v", plancheck.ResourceActionCreateBeforeDestroy),
				}},
				Check: fileInPlace(dest),
			},
			// And the next plan has nothing to do: the file is there.
			{Config: config("2"), PlanOnly: true},
		},
	})
}

// The plan refuses a mode the provider could not read back, and a path
// that is a directory, before any request.
func TestExportFileResource_PathAndModeAtPlan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, c := range map[string]struct{ args, want string }{
		"a mode without owner read": {`path = "` + filepath.Join(dir, "f.zip") + `"
  file_permission = "0200"`, `file_permission "0200" does not let the owner read the file`},
		"a directory's mode without owner access": {`path = "` + filepath.Join(dir, "d", "f.zip") + `"
  directory_permission = "0600"`, `directory_permission "0600" does not let the owner use the directory`},
		"a path that ends in a separator": {`path = "` + dir + `/sub/"`, "ends in a path separator"},
		"a path that is a directory":      {`path = "` + dir + `"`, "is an existing directory"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: waitingFactories(),
				Steps: []resource.TestStep{{
					Config: f.tokenProvider() + `
resource "hss_export_file" "v" {
  file_id = "f-1"
  ` + c.args + `
}
`,
					PlanOnly: true, ExpectError: errorLike(c.want),
				}},
			})
			expectRequests(t, f, 0)
		})
	}
	t.Run("modes written three ways are accepted", func(t *testing.T) {
		for _, m := range []string{"600", "0600", "0o400"} {
			if _, ok := parseMode(m); !ok {
				t.Errorf("%q is refused", m)
			}
		}
	})
}

// Whatever took the file's place is never opened: a named pipe at path
// (which a read would wait on forever) makes the refresh warn and the plan
// refuse it, at once; once it is gone, the next apply downloads again.
func TestExportFileResource_PipeAtPathIsNotOpened(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{Config: exportChain(f, dest, vulFilters), Check: fileInPlace(dest)},
			{
				PreConfig: func() {
					_ = os.Remove(dest)
					if err := syscall.Mkfifo(dest, 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config:      exportChain(f, dest, vulFilters),
				ExpectError: errorLike("HSS Export File Path Is Not a File", dest, "is a named pipe"),
			},
			{
				PreConfig: func() { _ = os.Remove(dest) },
				Config:    exportChain(f, dest, vulFilters),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hss_export_file.v", plancheck.ResourceActionUpdate),
				}},
				Check: fileInPlace(dest),
			},
		},
	})
}

// The overlapping-entry zip bomb (about 1 MB that unpacks to 64 GiB) is
// refused at once, with nothing left at path.
func TestExportFileResource_ZipBombIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	f.sim.Inject(hsssim.Fault{Route: hsssim.RouteDownload, Body: string(hsssim.ZipBomb(64, 1<<30)), ContentType: "application/zip"})
	dest := filepath.Join(t.TempDir(), "v.zip")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:      exportChain(f, dest, vulFilters),
			ExpectError: errorLike("HSS Export File Is Not a Zip", "likely a zip bomb", "nothing was written to"),
		}},
	})
	if err := onlyFile(dest, false); err != nil {
		t.Error(err)
	}
}

// A server that drips the file a byte at a time (which restarts the idle
// timer each time) is ended by timeouts.create.
func TestExportFileResource_DrippingDownloadEndsAtTheTimeout(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	f.sim.Inject(hsssim.Fault{Route: hsssim.RouteDownload, Trickle: 100 * time.Millisecond, Count: 100})
	dest := filepath.Join(t.TempDir(), "v.zip")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config:      exportChain(f, dest, vulFilters, `timeouts = { create = "2s" }`),
			ExpectError: errorLike("Timed Out Downloading HSS Export File", "within 2s"),
		}},
	})
	if err := onlyFile(dest, false); err != nil {
		t.Error(err)
	}
}

// destroy -refresh=false over a file the user rewrote leaves it, with a
// warning; over the file it wrote, removes it.
func TestExportFileResource_DestroyRemovesOnlyItsOwnFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }, wait: &fastWait}
	cmd := terraformCommand(t, p, exportChain(f, dest, vulFilters), "apply", "-auto-approve", "-input=false", "-no-color")
	run := func(args ...string) string {
		c := exec.Command(cmd.Path, args...)
		c.Dir, c.Env = cmd.Dir, cmd.Env
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if err := os.WriteFile(dest, []byte("the user's own notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := run("destroy", "-auto-approve", "-refresh=false", "-input=false", "-no-color")
	if got, _ := os.ReadFile(dest); string(got) != "the user's own notes" {
		t.Fatalf("destroy removed or changed the user's file:\n%s", out)
	}
	if !strings.Contains(out, "HSS Export File Left in Place") || !strings.Contains(out, "its content changed since it was downloaded") {
		t.Errorf("destroy did not say why it left the file:\n%s", out)
	}

	run("apply", "-auto-approve", "-input=false", "-no-color")
	run("destroy", "-auto-approve", "-refresh=false", "-input=false", "-no-color")
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("destroy left its own file: %v", err)
	}
}

// A new path is written before the old file is removed; a new permission
// is a chmod, with no download; a mode changed on disk is noticed and set
// back.
func TestExportFileResource_PathAndModeChangeInPlace(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dir := t.TempDir()
	first, second := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip")
	downloads := func() int { return f.count("/v5/" + testProject + "/download/sim-file-000001") }
	var before int
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{Config: exportChain(f, first, vulFilters), Check: fileInPlace(first)},
			{
				Config: exportChain(f, second, vulFilters),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hss_export_file.v", plancheck.ResourceActionUpdate),
				}},
				Check: fileInPlace(second), // and nothing else in the directory: the old file is gone
			},
			{
				PreConfig: func() { before = downloads() },
				Config:    exportChain(f, second, vulFilters, `file_permission = "0o400"`),
				Check: func(*terraform.State) error {
					if info, err := os.Stat(second); err != nil || info.Mode().Perm() != 0o400 || downloads() != before {
						return fmt.Errorf("mode %v (%v), %d downloads after %d: want 0400 and no download", info.Mode(), err, downloads(), before)
					}
					return nil
				},
			},
			{
				PreConfig: func() { _ = os.Chmod(second, 0o644) },
				Config:    exportChain(f, second, vulFilters, `file_permission = "0o400"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hss_export_file.v", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if info, err := os.Stat(second); err != nil || info.Mode().Perm() != 0o400 {
						return fmt.Errorf("the mode was not set back: %v (%v)", info.Mode(), err)
					}
					return nil
				},
			},
		},
	})
}
