package localfile

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store}) // stored: a test can corrupt it
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// onlyEntry fails unless dir holds exactly want (no temporary file).
func onlyEntry(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("%s holds %v, want %v", dir, names, want)
	}
}

func TestWrite(t *testing.T) {
	good := zipOf(t, "export.csv", "id,name\n1,a\n")
	target := func(dir string) Target {
		return Target{Path: filepath.Join(dir, "sub", "f.zip"), Mode: 0o600, DirMode: 0o700, MaxSize: 1 << 20, VerifyZip: true}
	}
	t.Run("the file lands whole, hashed, with its modes, in directories it creates", func(t *testing.T) {
		dir := t.TempDir()
		res, err := Write(context.Background(), target(dir), func(receive func(io.Reader) error) error { return receive(bytes.NewReader(good)) })
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "sub", "f.zip"))
		sum := sha256.Sum256(good)
		if !bytes.Equal(got, good) || res.SHA256 != hex.EncodeToString(sum[:]) || res.Size != int64(len(good)) ||
			strings.Join(res.Entries, ",") != "export.csv" {
			t.Errorf("result %+v", res)
		}
		if info, _ := os.Stat(filepath.Join(dir, "sub", "f.zip")); info.Mode().Perm() != 0o600 {
			t.Errorf("file mode %v", info.Mode())
		}
		if info, _ := os.Stat(filepath.Join(dir, "sub")); info.Mode().Perm() != 0o700 {
			t.Errorf("directory mode %v", info.Mode())
		}
		onlyEntry(t, filepath.Join(dir, "sub"), "f.zip")
	})
	t.Run("each receive starts the file over, a shorter second one included", func(t *testing.T) {
		dir := t.TempDir()
		longer := append(append([]byte(nil), good...), bytes.Repeat([]byte("x"), 500)...)
		_, err := Write(context.Background(), target(dir), func(receive func(io.Reader) error) error {
			if err := receive(bytes.NewReader(longer)); err != nil {
				return err
			}
			return receive(bytes.NewReader(good))
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "sub", "f.zip")); !bytes.Equal(got, good) {
			t.Errorf("the file holds %d bytes, want the second receive's %d", len(got), len(good))
		}
	})
	failures := []struct {
		name    string
		mutate  func(*Target)
		fetch   func(receive func(io.Reader) error) error
		wantErr func(error) bool
	}{
		{"too large", func(tg *Target) { tg.MaxSize = 10 },
			func(receive func(io.Reader) error) error { return receive(bytes.NewReader(good)) },
			func(err error) bool { var e *TooLargeError; return errors.As(err, &e) && e.Max == 10 }},
		{"not a zip", nil,
			func(receive func(io.Reader) error) error { return receive(strings.NewReader("<html>login</html>")) },
			func(err error) bool { var e *NotZipError; return errors.As(err, &e) }},
		{"a zip whose entry is corrupt", nil,
			func(receive func(io.Reader) error) error {
				bad := append([]byte(nil), good...)
				bad[bytes.Index(bad, []byte("id,name"))] ^= 0xff // the CRC no longer matches
				return receive(bytes.NewReader(bad))
			},
			func(err error) bool { var e *NotZipError; return errors.As(err, &e) }},
		{"a failed download", nil,
			func(receive func(io.Reader) error) error { return errors.New("connection reset") },
			func(err error) bool { return err != nil && err.Error() == "connection reset" }},
	}
	for _, c := range failures {
		t.Run(c.name+" leaves the old file and no temporary file", func(t *testing.T) {
			dir := t.TempDir()
			tg := target(dir)
			if c.mutate != nil {
				c.mutate(&tg)
			}
			if err := os.MkdirAll(filepath.Dir(tg.Path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(tg.Path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Write(context.Background(), tg, c.fetch)
			if !c.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			if got, _ := os.ReadFile(tg.Path); string(got) != "old" {
				t.Errorf("the file holds %q", got)
			}
			onlyEntry(t, filepath.Dir(tg.Path), "f.zip")
		})
	}
}
