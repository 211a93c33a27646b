package localfile

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

func write(ctx context.Context, t *testing.T, tg Target, body []byte) (Result, error) {
	t.Helper()
	return Write(ctx, tg, func(receive func(io.Reader) error) error { return receive(bytes.NewReader(body)) })
}

// A zip bomb is refused before it is unpacked, and leaves nothing behind.
func TestWrite_ZipBounds(t *testing.T) {
	bomb := hsssim.ZipBomb(64, 1<<30) // ~1 MB that unpacks to 64 GiB
	if len(bomb) > 2<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	target := func(dir string) Target {
		return Target{Path: filepath.Join(dir, "f.zip"), Mode: 0o600, DirMode: 0o700, MaxSize: 1 << 30, VerifyZip: true,
			MaxUnpacked: 1 << 30, MaxEntries: 1000}
	}
	t.Run("entries whose data overlap are refused before any is unpacked", func(t *testing.T) {
		dir := t.TempDir()
		start := time.Now()
		_, err := write(context.Background(), t, target(dir), bomb)
		var nz *NotZipError
		if !errors.As(err, &nz) || !strings.Contains(err.Error(), "share their data: likely a zip bomb") {
			t.Fatalf("err = %v", err)
		}
		onlyEntry(t, dir)
		t.Logf("refused in %v", time.Since(start))
	})
	t.Run("more unpacked bytes than allowed stop the check there", func(t *testing.T) {
		dir := t.TempDir()
		tg := target(dir)
		tg.MaxUnpacked = 1 << 20
		_, err := write(context.Background(), t, tg, hsssim.ZipBomb(1, 64<<20))
		if err == nil || !strings.Contains(err.Error(), "unpack to more than the 1048576 bytes allowed") {
			t.Fatalf("err = %v", err)
		}
		onlyEntry(t, dir)
	})
	t.Run("more entries than allowed are refused", func(t *testing.T) {
		dir := t.TempDir()
		tg := target(dir)
		tg.MaxEntries = 10
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for range 11 {
			if _, err := zw.Create("e"); err != nil {
				t.Fatal(err)
			}
		}
		_ = zw.Close()
		_, err := write(context.Background(), t, tg, buf.Bytes())
		if err == nil || !strings.Contains(err.Error(), "11 entries, more than the 10 allowed") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a cancelled check stops", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := write(ctx, t, target(dir), hsssim.ZipBomb(1, 64<<20))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		onlyEntry(t, dir)
	})
	t.Run("many entries list a bounded number of names", func(t *testing.T) {
		dir := t.TempDir()
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for range MaxEntryNames + 5 {
			if _, err := zw.Create("e"); err != nil {
				t.Fatal(err)
			}
		}
		_ = zw.Close()
		tg := target(dir)
		tg.MaxEntries = 100000
		res, err := write(context.Background(), t, tg, buf.Bytes())
		if err != nil || len(res.Entries) != MaxEntryNames || res.EntryCount != MaxEntryNames+5 {
			t.Fatalf("%d names of %d, err %v", len(res.Entries), res.EntryCount, err)
		}
	})
}

// A run killed mid-download leaves a temporary file; the next write of
// the same path removes it, and nothing else.
func TestWrite_RemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{".f.zip.123456.partial", ".f.zip.x1.partial", ".g.zip.123.partial", "f.zip.123.partial"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := write(context.Background(), t, Target{Path: filepath.Join(dir, "f.zip"), Mode: 0o600, DirMode: 0o700, MaxSize: 1 << 20},
		[]byte("data"))
	if err != nil {
		t.Fatal(err)
	}
	onlyEntry(t, dir, ".f.zip.x1.partial", ".g.zip.123.partial", "f.zip", "f.zip.123.partial")
}

// Directories are created with exactly the mode asked, whatever the umask.
func TestWrite_DirectoryModeIsExact(t *testing.T) {
	dir := t.TempDir()
	_, err := write(context.Background(), t, Target{Path: filepath.Join(dir, "a", "b", "f"), Mode: 0o600, DirMode: 0o777, MaxSize: 10},
		[]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a", "a/b"} {
		info, _ := os.Stat(filepath.Join(dir, d))
		if info.Mode().Perm() != 0o777 {
			t.Errorf("%s has mode %o, want 777", d, info.Mode().Perm())
		}
	}
}

// Only the file this resource wrote is ever removed.
func TestRemoveOwn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	res, err := write(ctx, t, Target{Path: p, Mode: 0o600, DirMode: 0o700, MaxSize: 10}, []byte("ours"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a file someone changed is left", func(t *testing.T) {
		_ = os.WriteFile(p, []byte("mine"), 0o600)
		if removed, why, err := RemoveOwn(ctx, p, res.Size, res.SHA256, res.ID); removed || err != nil || !strings.Contains(why, "content changed") {
			t.Fatalf("removed %v (%q), err %v", removed, why, err)
		}
	})
	t.Run("the same content in another file is left", func(t *testing.T) {
		again, err := write(ctx, t, Target{Path: p, Mode: 0o600, DirMode: 0o700, MaxSize: 10}, []byte("ours"))
		if err != nil || !again.ID.Known() {
			t.Skipf("no file identity on this system (%v)", err)
		}
		if removed, why, err := RemoveOwn(ctx, p, res.Size, res.SHA256, res.ID); removed || err != nil || !strings.Contains(why, "another file") {
			t.Fatalf("removed %v (%q), err %v", removed, why, err)
		}
		res = again
	})
	t.Run("our own file is removed", func(t *testing.T) {
		if removed, _, err := RemoveOwn(ctx, p, res.Size, res.SHA256, res.ID); !removed || err != nil {
			t.Fatalf("removed %v, err %v", removed, err)
		}
	})
	t.Run("a pipe is never opened", func(t *testing.T) {
		fifo := filepath.Join(dir, "fifo")
		if err := mkfifo(fifo); err != nil {
			t.Skip(err)
		}
		found, err := Inspect(ctx, fifo, 0)
		if err != nil || found.Kind != NamedPipe {
			t.Fatalf("found %+v, err %v", found, err)
		}
	})
}
