// Package localfile writes a downloaded file into place safely: streamed
// into a temporary file beside its path, hashed as it goes, bounded in
// size, checked (as a zip, when asked), synced and renamed, so that the
// path holds either its old content or the complete new file, never a
// partial one, and no temporary file is left behind. It knows nothing of
// HSS or Terraform.
package localfile

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Target is where and how a file is written.
type Target struct {
	Path    string
	Mode    os.FileMode // of the file
	DirMode os.FileMode // of parent directories it creates
	// MaxSize is the most bytes accepted; more is a *TooLargeError.
	MaxSize int64
	// VerifyZip checks that the content is a zip whose every entry's CRC
	// is right (a *NotZipError otherwise).
	VerifyZip bool
}

// Result is what was written.
type Result struct {
	SHA256  string
	Size    int64
	Entries []string // the zip's entry names, with VerifyZip
}

// TooLargeError is content longer than Target.MaxSize; reading stopped
// there.
type TooLargeError struct{ Max int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file is larger than max_size (%d bytes)", e.Max)
}

// NotZipError is content that is not a valid zip.
type NotZipError struct{ Err error }

func (e *NotZipError) Error() string { return "the file is not a valid zip: " + e.Err.Error() }

func (e *NotZipError) Unwrap() error { return e.Err }

// LocalError is a failure of this machine's file system.
type LocalError struct {
	Op  string
	Err error
}

func (e *LocalError) Error() string { return e.Op + ": " + e.Err.Error() }

func (e *LocalError) Unwrap() error { return e.Err }

// Write fetches the content with fetch, which hands receive the body to
// store; fetch may call receive more than once (a download retried after
// a cut), and each call starts the file over. Once fetch returns, the
// content is checked, synced and renamed to t.Path.
func Write(t Target, fetch func(receive func(io.Reader) error) error) (Result, error) {
	var res Result
	dir := filepath.Dir(t.Path)
	if err := os.MkdirAll(dir, t.DirMode); err != nil {
		return res, &LocalError{"creating the directory " + dir, err}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(t.Path)+".*.partial")
	if err != nil {
		return res, &LocalError{"creating a temporary file in " + dir, err}
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()

	var sum []byte
	err = fetch(func(body io.Reader) error {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return &LocalError{"rewinding " + tmp.Name(), err}
		}
		if err := tmp.Truncate(0); err != nil {
			return &LocalError{"emptying " + tmp.Name(), err}
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(&localWriter{tmp}, h), io.LimitReader(body, t.MaxSize+1))
		if err != nil {
			return err
		}
		if n > t.MaxSize {
			return &TooLargeError{Max: t.MaxSize}
		}
		res.Size, sum = n, h.Sum(nil)
		return nil
	})
	if err != nil {
		return res, err
	}
	res.SHA256 = hex.EncodeToString(sum)
	if t.VerifyZip {
		if res.Entries, err = zipEntries(tmp, res.Size); err != nil {
			return res, err
		}
	}
	if err := tmp.Chmod(t.Mode); err != nil {
		return res, &LocalError{"setting the permissions of " + tmp.Name(), err}
	}
	if err := tmp.Sync(); err != nil {
		return res, &LocalError{"syncing " + tmp.Name(), err}
	}
	if err := tmp.Close(); err != nil {
		return res, &LocalError{"closing " + tmp.Name(), err}
	}
	if err := os.Rename(tmp.Name(), t.Path); err != nil {
		return res, &LocalError{"moving the file to " + t.Path, err}
	}
	done = true
	// The rename is durable once the directory is synced.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return res, nil
}

// localWriter marks write failures as this machine's, not the download's.
type localWriter struct{ f *os.File }

func (w *localWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = &LocalError{"writing " + w.f.Name(), err}
	}
	return n, err
}

// zipEntries reads the zip's central directory and every entry, which
// makes archive/zip check each entry's CRC, and lists the names.
func zipEntries(f *os.File, size int64) ([]string, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, &NotZipError{err}
	}
	names := make([]string, 0, len(zr.File))
	for _, e := range zr.File {
		rc, err := e.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			_ = rc.Close()
		}
		if err != nil {
			return nil, &NotZipError{fmt.Errorf("entry %q: %w", e.Name, err)}
		}
		names = append(names, e.Name)
	}
	return names, nil
}

// SHA256 is the hex SHA-256 of the file at path, read as a stream.
func SHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// IsLocal says whether err is this machine's, or the content's (too large,
// not a zip), rather than the download's.
func IsLocal(err error) bool {
	var le *LocalError
	var tl *TooLargeError
	var nz *NotZipError
	return errors.As(err, &le) || errors.As(err, &tl) || errors.As(err, &nz)
}
