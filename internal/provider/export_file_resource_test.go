package provider

// hss_export_file touches nothing that is not its own: what is at path is
// checked at plan and again at apply, a user's file is replaced only after
// a warning, a second writer's temporary file is left alone, and a file
// that changed on disk stays in the state until destroy leaves it.

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

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
