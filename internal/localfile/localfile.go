// Package localfile writes a downloaded file into place safely: streamed
// into a temporary file beside its path, hashed as it goes, bounded in
// size, checked (as a zip, when asked), synced and renamed, so that the
// path holds either its old content or the complete new file, never a
// partial one, and no temporary file is left behind (nor one a killed run
// left). It knows nothing of HSS or Terraform.
package localfile

import (
	"archive/zip"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Target is where and how a file is written.
type Target struct {
	Path    string
	Mode    os.FileMode // of the file
	DirMode os.FileMode // of parent directories it creates
	// MaxSize is the most bytes accepted; more is a *TooLargeError.
	MaxSize int64
	// VerifyZip checks that the content is a zip whose every entry's CRC
	// is right (a *NotZipError otherwise), within the bounds below.
	VerifyZip bool
	// MaxUnpacked bounds the bytes all entries unpack to together, and
	// MaxEntries their number: a zip past either is refused as a likely
	// bomb (a *NotZipError) as soon as it passes, unpacking no further.
	MaxUnpacked int64
	MaxEntries  int
}

// MaxEntryNames is how many entry names a Result lists at most.
const MaxEntryNames = 1000

// Result is what was written.
type Result struct {
	SHA256 string
	Size   int64
	// Entries are the zip's entry names, with VerifyZip: the first
	// MaxEntryNames of EntryCount.
	Entries    []string
	EntryCount int
	// ID is the file that was written, to tell it from another at the
	// same path later (see Identity).
	ID Identity
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
// content is checked, synced and renamed to t.Path. Temporary files of
// the same path that a killed run left are removed first; the zip check
// stops when ctx ends.
func Write(ctx context.Context, t Target, fetch func(receive func(io.Reader) error) error) (Result, error) {
	var res Result
	dir, base := filepath.Dir(t.Path), filepath.Base(t.Path)
	if err := mkdirs(dir, t.DirMode); err != nil {
		return res, err
	}
	removeStale(dir, base)
	tmp, err := os.CreateTemp(dir, "."+base+".*.partial")
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
		if res.Entries, res.EntryCount, err = zipEntries(ctx, tmp, res.Size, t); err != nil {
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
	info, err := os.Stat(tmp.Name())
	if err != nil {
		return res, &LocalError{"reading back " + tmp.Name(), err}
	}
	res.ID = identityOf(info)
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

// mkdirs creates dir and its missing parents with exactly mode (MkdirAll
// would reduce it by the umask, while the file's mode is set exactly).
func mkdirs(dir string, mode os.FileMode) error {
	if info, err := os.Stat(dir); err == nil {
		if !info.IsDir() {
			return &LocalError{"creating the directory " + dir, fmt.Errorf("%s is not a directory", dir)}
		}
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := mkdirs(parent, mode); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, mode); err != nil && !os.IsExist(err) {
		return &LocalError{"creating the directory " + dir, err}
	}
	if err := os.Chmod(dir, mode); err != nil {
		return &LocalError{"setting the permissions of " + dir, err}
	}
	return nil
}

// removeStale removes the temporary files of base that a run killed
// mid-download left in dir: exactly the names os.CreateTemp gives them
// (".base.DIGITS.partial"), nothing else.
func removeStale(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	stale := regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.[0-9]+\.partial$`)
	for _, e := range entries {
		if e.Type().IsRegular() && stale.MatchString(e.Name()) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// zipEntries reads the zip's central directory and every entry, which
// makes archive/zip check each entry's CRC, and lists the names; within
// t's bounds, refusing entries whose data overlap (the well-known way to
// make a small zip unpack to far more than its size), and stopping when
// ctx ends.
func zipEntries(ctx context.Context, f *os.File, size int64, t Target) ([]string, int, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, 0, &NotZipError{err}
	}
	if t.MaxEntries > 0 && len(zr.File) > t.MaxEntries {
		return nil, 0, &NotZipError{fmt.Errorf("it has %d entries, more than the %d allowed: likely a zip bomb", len(zr.File), t.MaxEntries)}
	}
	if err := overlapping(zr.File); err != nil {
		return nil, 0, &NotZipError{err}
	}
	names := make([]string, 0, min(len(zr.File), MaxEntryNames))
	left := t.MaxUnpacked
	if left <= 0 {
		left = 1 << 62 // no bound asked: one no file reaches
	}
	for _, e := range zr.File {
		rc, err := e.Open()
		if err == nil {
			var n int64
			n, err = io.Copy(io.Discard, &ctxReader{ctx: ctx, r: io.LimitReader(rc, left+1)})
			_ = rc.Close()
			if left -= n; err == nil && left < 0 {
				err = fmt.Errorf("the entries unpack to more than the %d bytes allowed: likely a zip bomb", t.MaxUnpacked)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			return nil, 0, &NotZipError{fmt.Errorf("entry %q: %w", e.Name, err)}
		}
		if len(names) < MaxEntryNames {
			names = append(names, e.Name)
		}
	}
	return names, len(zr.File), nil
}

// overlapping refuses entries whose compressed data share bytes.
func overlapping(files []*zip.File) error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(files))
	for _, e := range files {
		off, err := e.DataOffset()
		if err != nil {
			return fmt.Errorf("entry %q: %w", e.Name, err)
		}
		spans = append(spans, span{off, off + int64(e.CompressedSize64), e.Name})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return fmt.Errorf("entries %q and %q share their data: likely a zip bomb", spans[i-1].name, spans[i].name)
		}
	}
	return nil
}

// ctxReader stops a read when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Found is what is at a path, as Inspect saw it.
type Found struct {
	// Regular: a regular file (not a directory, pipe, device, socket or
	// symbolic link, which are never opened).
	Regular bool
	Mode    os.FileMode // its permission bits
	Size    int64
	// SHA256 is its hex SHA-256, when it was hashed (see Inspect).
	SHA256 string
	ID     Identity
}

// Inspect looks at path without following a symbolic link. A regular
// file of size wantSize is hashed, reading at most that many bytes and
// stopping when ctx ends; another size needs no hash to differ. A missing
// path is an error for which os.IsNotExist holds.
func Inspect(ctx context.Context, path string, wantSize int64) (Found, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return Found{}, err
	}
	found := Found{Regular: info.Mode().IsRegular(), Mode: info.Mode().Perm(), Size: info.Size(), ID: identityOf(info)}
	if !found.Regular || found.Size != wantSize {
		return found, nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return found, err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, &ctxReader{ctx: ctx, r: io.LimitReader(f, wantSize)}); err != nil {
		return found, err
	}
	found.SHA256 = hex.EncodeToString(h.Sum(nil))
	return found, nil
}

// Identity tells one file from another at the same path: its device and
// inode where the system has them (a file renamed into place has a new
// one even when its content is the same), zero elsewhere.
type Identity struct {
	Device, Inode uint64
}

// Known says whether the system gave an identity.
func (id Identity) Known() bool { return id != Identity{} }

// RemoveOwn removes the file at path only if it is still the one written
// (regular, of that size and SHA-256, and the same file where identities
// are known); otherwise it leaves whatever is there and says why. A
// missing file is nothing to remove.
func RemoveOwn(ctx context.Context, path string, size int64, sum string, id Identity) (removed bool, why string, err error) {
	found, err := Inspect(ctx, path, size)
	switch {
	case os.IsNotExist(err):
		return false, "", nil
	case err != nil:
		return false, "", err
	case !found.Regular:
		return false, "it is no longer a regular file", nil
	case found.Size != size || found.SHA256 != sum:
		return false, "its content changed since it was downloaded", nil
	case id.Known() && found.ID.Known() && found.ID != id:
		return false, "another file has taken its place (a newer download, or someone else's)", nil
	}
	if err := os.Remove(path); err != nil {
		return false, "", err
	}
	return true, "", nil
}

// CleanPath says what is wrong with a path a file is to be written to,
// if anything: a path that ends in a separator, or an existing directory.
func CleanPath(path string) error {
	if strings.HasSuffix(path, string(filepath.Separator)) || strings.HasSuffix(path, "/") {
		return errors.New("ends in a path separator: it must name a file")
	}
	if info, err := os.Lstat(path); err == nil && info.IsDir() {
		return errors.New("is an existing directory: it must name a file")
	}
	return nil
}

// IsLocal says whether err is this machine's, or the content's (too large,
// not a zip), rather than the download's.
func IsLocal(err error) bool {
	var le *LocalError
	var tl *TooLargeError
	var nz *NotZipError
	return errors.As(err, &le) || errors.As(err, &tl) || errors.As(err, &nz)
}
