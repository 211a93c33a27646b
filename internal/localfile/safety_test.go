//go:build unix

package localfile

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Nothing but a regular file at path is ever written over, opened or
// changed: a symbolic link (to a file or to a directory), a pipe. Its
// target keeps its content and its mode.
func TestWrite_RefusesWhatIsNotAFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("someone else's"), 0o644); err != nil {
		t.Fatal(err)
	}
	victimDir := filepath.Join(dir, "victim-dir")
	if err := os.Mkdir(victimDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, create := range map[string]func(p string) error{
		"a symbolic link to a file":      func(p string) error { return os.Symlink(victim, p) },
		"a symbolic link to a directory": func(p string) error { return os.Symlink(victimDir, p) },
		"a dangling symbolic link":       func(p string) error { return os.Symlink(filepath.Join(dir, "nowhere"), p) },
		"a named pipe":                   mkfifo,
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			if err := create(p); err != nil {
				t.Fatal(err)
			}
			_, err := write(ctx, t, Target{Path: p, Mode: 0o600, DirMode: 0o700, MaxSize: 10}, []byte("download"))
			var nf *NotAFileError
			if !errors.As(err, &nf) || nf.Path != p {
				t.Fatalf("err = %v, want a *NotAFileError naming %s", err, p)
			}
			if err := Chmod(p, 0o600, Identity{}); !errors.As(err, &nf) {
				t.Errorf("Chmod: err = %v, want a *NotAFileError", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "nowhere")); !os.IsNotExist(err) {
				t.Error("a dangling link's target was created")
			}
		})
	}
	if b, _ := os.ReadFile(victim); string(b) != "someone else's" {
		t.Errorf("the link's target now holds %q", b)
	}
	if info, _ := os.Stat(victim); info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target has mode %o", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(victimDir); len(entries) != 0 {
		t.Errorf("something was written into the linked directory: %v", entries)
	}
}

// Chmod sets exactly the bits asked (a setuid bit added by hand goes), and
// only on the file expected.
func TestChmod(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	res, err := write(context.Background(), t, Target{Path: p, Mode: 0o755, DirMode: 0o700, MaxSize: 10}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o755|os.ModeSetuid); err != nil {
		t.Fatal(err)
	}
	found, err := Inspect(context.Background(), p, res.Size)
	if err != nil || found.Mode != 0o4755 {
		t.Fatalf("Inspect: mode %04o, err %v; want 4755", found.Mode, err)
	}
	if err := Chmod(p, 0o755, res.ID); err != nil {
		t.Fatal(err)
	}
	if found, _ := Inspect(context.Background(), p, res.Size); found.Mode != 0o755 {
		t.Errorf("mode %04o after Chmod, want 0755", found.Mode)
	}
	t.Run("another file at the path is left as it is", func(t *testing.T) {
		if !res.ID.Known() {
			t.Skip("no file identity on this system")
		}
		other := filepath.Join(dir, "other")
		if err := os.WriteFile(other, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(other, p); err != nil {
			t.Fatal(err)
		}
		var replaced *ReplacedError
		if err := Chmod(p, 0o600, res.ID); !errors.As(err, &replaced) {
			t.Fatalf("err = %v, want a *ReplacedError", err)
		}
		if info, _ := os.Stat(p); info.Mode().Perm() != 0o644 {
			t.Errorf("mode %o, want 644 as it was", info.Mode().Perm())
		}
	})
}

// A file whose owner may not read it is not opened for reading: its mode is
// set through an O_PATH descriptor (Linux). Root reads every file, so as
// root the test runs again as nobody, where the machine lets it.
func TestChmod_UnreadableFile(t *testing.T) {
	if os.Getenv("LOCALFILE_TEST_DIR") == "" && os.Geteuid() == 0 {
		asNobody(t, "^TestChmod_UnreadableFile$")
		return
	}
	dir := os.Getenv("LOCALFILE_TEST_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, "unreadable")
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o200); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(p); err == nil {
		_ = f.Close()
		t.Fatal("the file is readable: the test cannot show anything")
	}
	found, err := Inspect(context.Background(), p, 1)
	if err != nil || !found.Unreadable || found.Mode != 0o200 {
		t.Fatalf("Inspect: %+v, %v", found, err)
	}
	if err := Chmod(p, 0o600, found.ID); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", info.Mode().Perm())
	}
}

// asNobody runs the test named by run again, in a copy of the test binary,
// as the user nobody (65534), in a directory nobody owns; or skips, saying
// why, where that cannot be done.
func asNobody(t *testing.T, run string) {
	t.Helper()
	base := t.TempDir()
	for _, d := range []string{filepath.Dir(base), base} { // the test's directory, then its own
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot run as nobody: %v", err)
	}
	bin := filepath.Join(base, "test.bin")
	b, err := os.ReadFile(exe)
	if err == nil {
		err = os.WriteFile(bin, b, 0o755)
	}
	work := filepath.Join(base, "work")
	if err == nil {
		err = os.Mkdir(work, 0o700)
	}
	if err == nil {
		err = os.Chown(work, 65534, 65534)
	}
	if err != nil {
		t.Skipf("cannot prepare a run as nobody: %v", err)
	}
	cmd := exec.Command(bin, "-test.run="+run, "-test.count=1", "-test.v")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "LOCALFILE_TEST_DIR="+work)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Fatalf("as nobody: %v\n%s", err, out)
	case err != nil:
		t.Skipf("this machine does not let a test run as nobody (%v): the unreadable case is untested here", err)
	case !strings.Contains(string(out), "--- PASS"):
		t.Fatalf("as nobody, the test did not pass:\n%s", out)
	}
}

// Two writers of one path at once: the second's sweep of stale temporary
// files leaves the first's, which it cannot lock; both finish, and the
// path holds one writer's whole file, with nothing beside it.
func TestWrite_TwoWritersOfOnePath(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "f.zip")
	target := Target{Path: p, Mode: 0o600, DirMode: 0o700, MaxSize: 1 << 20}
	started, resume := make(chan struct{}), make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		_, err := Write(ctx, target, func(receive func(io.Reader) error) error {
			close(started)
			<-resume // the first download is under way while the second runs whole
			return receive(strings.NewReader("first writer's whole file"))
		})
		firstDone <- err
	}()
	<-started
	if stale := Stale(p); len(stale) != 0 {
		t.Errorf("a live writer's temporary file is listed as stale: %v", stale)
	}
	if _, err := write(ctx, t, target, []byte("second writer's whole file")); err != nil {
		t.Fatalf("second writer: %v", err)
	}
	close(resume)
	if err := <-firstDone; err != nil {
		t.Fatalf("first writer: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "first writer's whole file" {
		t.Errorf("path holds %q", b)
	}
	onlyEntry(t, dir, "f.zip")
}

// A temporary file that a live process holds is never swept, and one no
// process holds is.
func TestRemoveStale_OnlyWhatNoOneHolds(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.zip")
	held, dead := filepath.Join(dir, ".f.zip.1.partial"), filepath.Join(dir, ".f.zip.2.partial")
	for _, n := range []string{held, dead} {
		if err := os.WriteFile(n, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(held)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if ok, err := tryLock(f); !ok {
		t.Fatalf("lock: %v", err)
	}
	if got := Stale(p); len(got) != 1 || got[0] != dead {
		t.Errorf("Stale = %v, want [%s]", got, dead)
	}
	if got := RemoveStale(p); len(got) != 1 || got[0] != dead {
		t.Errorf("RemoveStale = %v, want [%s]", got, dead)
	}
	onlyEntry(t, dir, ".f.zip.1.partial")
}

// A path must name a file.
func TestCleanPath(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{dir + "/", dir + "/a/.", dir + "/a/..", dir, "."} {
		if CleanPath(p) == nil {
			t.Errorf("%q is accepted", p)
		}
	}
	if err := CleanPath(dir + "/a/f.zip"); err != nil {
		t.Errorf("a file's path is refused: %v", err)
	}
}

// The directories Write creates are listed, and RemoveDirs removes them
// innermost first while they are empty, never one that was already there;
// a write that fails leaves none of them.
func TestWrite_DirectoriesItCreates(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "there"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "there", "a", "b", "f")
	res, err := write(ctx, t, Target{Path: p, Mode: 0o600, DirMode: 0o700, MaxSize: 10}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dirs) != 2 || res.Dirs[0].Path != filepath.Join(root, "there", "a") || res.Dirs[1].Path != filepath.Dir(p) {
		t.Fatalf("Dirs = %+v", res.Dirs)
	}
	if got := RemoveDirs(res.Dirs); len(got) != 0 {
		t.Errorf("removed %v while the file is there", got)
	}
	_ = os.Remove(p)
	if got := RemoveDirs(res.Dirs); len(got) != 2 {
		t.Errorf("removed %v, want both", got)
	}
	onlyEntry(t, filepath.Join(root, "there"))

	_, err = write(ctx, t, Target{Path: filepath.Join(root, "new", "f"), Mode: 0o600, DirMode: 0o700, MaxSize: 1}, []byte("too large"))
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("err = %v", err)
	}
	onlyEntry(t, root, "there")
}
