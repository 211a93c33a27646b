package provider

// hss_export_file through the real CLI: downloads and their failures, in-place
// changes, and what it never touches. What is at path is checked at plan and
// again at apply, a user's file is replaced only after a warning, a second
// writer's temporary file is left alone, and a file that changed on disk
// stays in the state until destroy leaves it.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

// cliSession runs terraform commands one after another in one working
// directory holding config; each returns its output, whitespace folded.
type cliSession struct {
	t   *testing.T
	cmd *exec.Cmd
}

func newCLISession(t *testing.T, config string) cliSession {
	p := &HSSProvider{version: "test", getenv: func(string) string { return "" }, wait: &fastWait}
	return cliSession{t: t, cmd: terraformCommand(t, p, config)}
}

func (s cliSession) command(args ...string) *exec.Cmd {
	// The options go before a positional argument (a saved plan).
	c := exec.Command(s.cmd.Path, append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)...)
	c.Dir, c.Env = s.cmd.Dir, s.cmd.Env
	return c
}

func (s cliSession) run(args ...string) (string, error) {
	out, err := s.command(args...).CombinedOutput()
	return strings.Join(strings.Fields(string(out)), " "), err
}

func (s cliSession) must(args ...string) string {
	s.t.Helper()
	out, err := s.run(args...)
	if err != nil {
		s.t.Fatalf("terraform %v: %v\n%s", args, err, out)
	}
	return out
}

// A victim: someone else's file, which no link may lead the provider to.
func victim(t *testing.T) (string, func()) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(p, []byte("someone else's"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, func() {
		t.Helper()
		info, err := os.Stat(p)
		if b, _ := os.ReadFile(p); err != nil || string(b) != "someone else's" || info.Mode().Perm() != 0o644 {
			t.Errorf("the link's target changed: %v, %v", info, err)
		}
	}
}

// A symbolic link, a pipe or a socket at path is refused at plan, naming
// path and what it is; nothing is requested and the link's target is
// untouched.
func TestExportFileResource_WhatIsNotAFileAtPathIsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	target, untouched := victim(t)
	for name, c := range map[string]struct {
		make func(p string) error
		what string
	}{
		"a symbolic link to a file":      {func(p string) error { return os.Symlink(target, p) }, "a symbolic link"},
		"a symbolic link to a directory": {func(p string) error { return os.Symlink(filepath.Dir(target), p) }, "a symbolic link"},
		"a named pipe":                   {func(p string) error { return syscall.Mkfifo(p, 0o600) }, "a named pipe"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, hsssim.Config{})
			dest := filepath.Join(t.TempDir(), "v.zip")
			if err := c.make(dest); err != nil {
				t.Fatal(err)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: waitingFactories(),
				Steps: []resource.TestStep{{
					Config:      exportChain(f, dest, vulFilters),
					PlanOnly:    true,
					ExpectError: errorLike("HSS Export File Path Is Not a File", dest, c.what),
				}},
			})
			if f.count("/v5/"+testProject+"/download/sim-file-000001") != 0 {
				t.Error("a download was requested")
			}
		})
	}
	untouched()
}

// A link swapped in for the file between a saved plan and its apply, or
// before an apply that does not refresh, is refused by the apply: the
// link's target keeps its mode.
func TestExportFileResource_LinkSwappedInBeforeApplyIsRefused(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"a saved plan", "-refresh=false"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			target, untouched := victim(t)
			f := newFixture(t, hsssim.Config{})
			dest := filepath.Join(t.TempDir(), "v.zip")
			s := newCLISession(t, exportChain(f, dest, vulFilters))
			s.must("apply", "-auto-approve")
			if err := os.WriteFile(filepath.Join(s.cmd.Dir, "main.tf"), []byte(
				strings.Replace(s.readConfig(), `path    = "`+dest+`"`, `path    = "`+dest+`"
  file_permission = "0640"`, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			args := []string{"apply", "-auto-approve", "-refresh=false"}
			if how == "a saved plan" {
				s.must("plan", "-out=tfplan")
				args = []string{"apply", "tfplan"}
			}
			if err := os.Remove(dest); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, dest); err != nil {
				t.Fatal(err)
			}
			out, err := s.run(args...)
			if err == nil || !strings.Contains(out, dest+" is a symbolic link") {
				t.Fatalf("apply: %v\n%s", err, out)
			}
			if l, err := os.Lstat(dest); err != nil || l.Mode()&os.ModeSymlink == 0 {
				t.Error("the link was replaced")
			}
			untouched()
		})
	}
}

func (s cliSession) readConfig() string {
	b, err := os.ReadFile(filepath.Join(s.cmd.Dir, "main.tf"))
	if err != nil {
		s.t.Fatal(err)
	}
	// terraformCommand wrote the required_providers block before the
	// configuration; it is written back as it is.
	return string(b)
}

// A file at path that the resource did not write: the plan warns, naming
// it, and writes nothing; the apply then replaces it.
func TestExportFileResource_UsersFileAtPathIsReplacedAfterAWarning(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	if err := os.WriteFile(dest, []byte("the user's own notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newCLISession(t, exportChain(f, dest, vulFilters))
	out := s.must("plan")
	if !strings.Contains(out, "Warning: HSS Export File Will Replace a File") || !strings.Contains(out, dest+" holds a file that this resource did not write") {
		t.Fatalf("the plan did not warn:\n%s", out)
	}
	if b, _ := os.ReadFile(dest); string(b) != "the user's own notes" {
		t.Fatal("the plan changed the file")
	}
	s.must("apply", "-auto-approve")
	if b, _ := os.ReadFile(dest); string(b) == "the user's own notes" {
		t.Fatal("the apply did not replace the file")
	}
	if out := s.must("plan"); strings.Contains(out, "Will Replace a File") {
		t.Errorf("the resource's own file is taken for someone else's:\n%s", out)
	}
}

// Two applies to one path at once, from two working directories: while
// the first one's download is under way, the second runs whole. Both
// finish; path holds the first one's whole file (it renamed last), and
// nothing is left beside it.
func TestExportFileResource_TwoWritersOfOnePath(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	release, arrived := make(chan struct{}), make(chan struct{})
	f.sim.Inject(hsssim.Fault{Route: hsssim.RouteDownload, Hold: release, Arrived: arrived})
	first, second := newCLISession(t, exportChain(f, dest, vulFilters)), newCLISession(t, exportChain(f, dest, vulFilters))
	cmd := first.command("apply", "-auto-approve")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- cmd.Wait() }()
	select {
	case <-arrived:
	case err := <-ended:
		t.Fatalf("the first apply ended before its download: %v\n%s", err, out.String())
	}
	second.must("apply", "-auto-approve")
	close(release)
	if err := <-ended; err != nil {
		t.Fatalf("the first apply: %v\n%s", err, out.String())
	}
	b, err := os.ReadFile(dest)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	state, _ := os.ReadFile(filepath.Join(first.cmd.Dir, "terraform.tfstate"))
	if !strings.Contains(string(state), `"sha256": "`+hex.EncodeToString(sum[:])+`"`) {
		t.Error("path does not hold the first writer's whole file")
	}
	if err := onlyFile(dest, true); err != nil {
		t.Error(err)
	}
}

// A setuid bit added by hand to a file whose permission bits are
// unchanged is drift, and the next apply takes it away.
func TestExportFileResource_SpecialBitsAreDrift(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	config := exportChain(f, dest, vulFilters, `file_permission = "0755"`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := os.Chmod(dest, 0o755|os.ModeSetuid); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hss_export_file.v", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if info, err := os.Stat(dest); err != nil || info.Mode() != 0o755 {
						t.Errorf("mode %v (%v), want -rwxr-xr-x", info.Mode(), err)
					}
					return nil
				},
			},
		},
	})
}

// A file changed on disk stays in the state: the plan shows the download
// that puts it back, and destroy reaches Delete, which leaves it, saying
// why. A temporary file a killed run left is warned about at plan and
// removed by destroy.
func TestExportFileResource_ChangedFileIsLeftByDestroy(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(t.TempDir(), "v.zip")
	s := newCLISession(t, exportChain(f, dest, vulFilters))
	s.must("apply", "-auto-approve")
	if err := os.WriteFile(dest, []byte("the user's own notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(filepath.Dir(dest), ".v.zip.123456.partial")
	if err := os.WriteFile(stale, []byte("half a download"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := s.must("plan")
	for _, want := range []string{"HSS Export File Will Be Downloaded Again", dest + " has changed since it was downloaded",
		"hss_export_file.v will be updated in-place", "Temporary Files Left Beside HSS Export File", stale} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	out = s.must("destroy", "-auto-approve")
	if b, _ := os.ReadFile(dest); string(b) != "the user's own notes" {
		t.Fatalf("destroy removed or changed the user's file:\n%s", out)
	}
	if !strings.Contains(out, "HSS Export File Left in Place") || !strings.Contains(out, dest+" was not removed") {
		t.Errorf("destroy did not say why it left the file:\n%s", out)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("destroy left the temporary file: %v", err)
	}
}

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
	s := newCLISession(t, exportChain(f, dest, vulFilters))
	s.must("apply", "-auto-approve")
	if err := os.WriteFile(dest, []byte("the user's own notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := s.must("destroy", "-auto-approve", "-refresh=false")
	if got, _ := os.ReadFile(dest); string(got) != "the user's own notes" {
		t.Fatalf("destroy removed or changed the user's file:\n%s", out)
	}
	if !strings.Contains(out, "HSS Export File Left in Place") || !strings.Contains(out, "its content changed since it was downloaded") {
		t.Errorf("destroy did not say why it left the file:\n%s", out)
	}

	s.must("apply", "-auto-approve")
	s.must("destroy", "-auto-approve", "-refresh=false")
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

func TestExportFileResource_Downloads(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		fault     *hsssim.Fault
		fileSize  int64
		fileArgs  []string
		wantError []string
		downloads int
	}{
		{name: "a body cut mid-way is fetched again and leaves no partial file",
			fault: &hsssim.Fault{Route: hsssim.RouteDownload, CutAfter: 10000}, fileSize: 100000, downloads: 2},
		{name: "a download larger than max_size is an error and leaves no file",
			fileSize: 100000, fileArgs: []string{"max_size = 50000"}, downloads: 1,
			wantError: []string{"HSS Export File Too Large", "larger than max_size (50000 bytes)"}},
		{name: "a body that is not a zip is an error and leaves no file",
			fault: &hsssim.Fault{Route: hsssim.RouteDownload, Status: 200, Body: "<html>login</html>", ContentType: "text/html"}, downloads: 1,
			wantError: []string{"HSS Export File Is Not a Zip"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, hsssim.Config{FileSize: c.fileSize})
			if c.fault != nil {
				f.sim.Inject(*c.fault)
			}
			dest := filepath.Join(t.TempDir(), "v.zip")
			step := resource.TestStep{Config: exportChain(f, dest, vulFilters, c.fileArgs...), Check: fileInPlace(dest)}
			if c.wantError != nil {
				step = resource.TestStep{Config: step.Config, ExpectError: errorLike(c.wantError...)}
			}
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: waitingFactories(), Steps: []resource.TestStep{step}})
			if err := onlyFile(dest, false); err != nil { // destroyed, or never written
				t.Error(err)
			}
			downloads := 0
			for _, r := range f.sim.Requests() {
				if filepath.Base(filepath.Dir(r.Path)) == "download" {
					downloads++
				}
			}
			if downloads != c.downloads {
				t.Errorf("%d downloads, want %d", downloads, c.downloads)
			}
		})
	}
}

// An export that is not waited for has no file_id yet: the download says
// why, and where to go.
func TestExportFileResource_EmptyFileIDSaysWhy(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hsssim.Config{ExportRunningPolls: 1 << 30})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: waitingFactories(),
		Steps: []resource.TestStep{{
			Config: f.tokenProvider() + `
resource "hss_export" "v" {
  kind                = "vulnerabilities"
  export_size         = 10
  headers             = [["vul_id", "Vulnerability ID"]]
  filters             = { category = "vul" }
  wait_for_completion = false
}

resource "hss_export_file" "v" {
  file_id = hss_export.v.file_id
  path    = "` + filepath.ToSlash(filepath.Join(t.TempDir(), "v.zip")) + `"
}
`,
			ExpectError: errorLike("HSS Export Not Finished", "file_id is empty because the export", "wait_for_completion = false"),
		}},
	})
}

// Destroy removes the directories the resource created for its file,
// innermost first, while they are empty; never one that was there before,
// nor one that holds someone else's file.
func TestExportFileResource_DestroyRemovesTheDirectoriesItCreated(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	f := newFixture(t, hsssim.Config{})
	dest := filepath.Join(root, "reports", "weekly", "v.zip")
	s := newCLISession(t, exportChain(f, dest, vulFilters))
	s.must("apply", "-auto-approve")
	s.must("destroy", "-auto-approve")
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("destroy left %v in %s", entries, root)
	}

	// A directory that holds someone else's file stays, and so do its
	// parents.
	s.must("apply", "-auto-approve")
	mine := filepath.Join(root, "reports", "weekly", "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.must("destroy", "-auto-approve")
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("someone else's file went: %v", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("the resource's own file stayed: %v", err)
	}
}
