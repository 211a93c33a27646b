// Package localfile writes a downloaded file into place safely: streamed
// into a temporary file of its own beside its path (locked, so that a
// second writer leaves it alone), hashed as it goes, bounded in size,
// checked (as a zip, when asked), synced and renamed, so that the path
// holds either its old content or the complete new file, never a partial
// one, and no temporary file is left behind (nor one a killed run left).
// It acts only on what it checked: nothing but a regular file at the path
// is ever opened, replaced or changed, and what is opened is checked by
// fstat. It knows nothing of HSS or Terraform.
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
	"io/fs"
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
	// Dirs are the directories Write created for it, outermost first.
	Dirs []Dir
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
	var err error
	if res.Dirs, err = mkdirs(dir, t.DirMode); err != nil {
		RemoveDirs(res.Dirs)
		return res, err
	}
	if err := refuseNonFile(t.Path); err != nil {
		RemoveDirs(res.Dirs)
		return res, err
	}
	RemoveStale(t.Path)
	tmp, tmpName, err := createLocked(dir, base)
	if err != nil {
		RemoveDirs(res.Dirs)
		return res, err
	}
	done := false
	defer func() {
		if !done { // nothing is left behind: the temporary file, nor the directories made for it
			_ = os.Remove(tmpName)
			_ = tmp.Close() // after the remove: the lock keeps a sweep away until then
			RemoveDirs(res.Dirs)
		}
	}()

	var sum []byte
	err = fetch(func(body io.Reader) error {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return &LocalError{"rewinding " + tmpName, err}
		}
		if err := tmp.Truncate(0); err != nil {
			return &LocalError{"emptying " + tmpName, err}
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
	if err := fchmod(tmp, uint32(t.Mode.Perm())); err != nil {
		return res, &LocalError{"setting the permissions of " + tmpName, err}
	}
	if err := tmp.Sync(); err != nil {
		return res, &LocalError{"syncing " + tmpName, err}
	}
	info, err := tmp.Stat()
	if err != nil {
		return res, &LocalError{"reading back " + tmpName, err}
	}
	res.ID = identityOf(info)
	// Checked again just before the rename, which replaces a name and
	// never follows one: what took path since the first check is refused
	// rather than replaced, but for the instant between this and the rename.
	if err := refuseNonFile(t.Path); err != nil {
		return res, err
	}
	if err := os.Rename(tmpName, t.Path); err != nil {
		return res, &LocalError{"moving the file to " + t.Path, err}
	}
	done = true
	if err := tmp.Close(); err != nil {
		return res, &LocalError{"closing " + t.Path, err}
	}
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
		err = &LocalError{"writing a temporary file beside the path", err}
	}
	return n, err
}

// mkdirs creates dir and its missing parents with exactly mode (MkdirAll
// would reduce it by the umask, while the file's mode is set exactly), and
// returns the directories it created, outermost first. Only a directory
// that mkdir(2) itself created is listed: one another process made at the
// same moment is not.
func mkdirs(dir string, mode os.FileMode) ([]Dir, error) {
	if info, err := os.Stat(dir); err == nil {
		if !info.IsDir() {
			return nil, &LocalError{"creating the directory " + dir, fmt.Errorf("%s is not a directory", dir)}
		}
		return nil, nil
	}
	var created []Dir
	if parent := filepath.Dir(dir); parent != dir {
		var err error
		if created, err = mkdirs(parent, mode); err != nil {
			return created, err
		}
	}
	err := os.Mkdir(dir, mode)
	switch {
	case os.IsExist(err):
		return created, nil
	case err != nil:
		return created, &LocalError{"creating the directory " + dir, err}
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return created, &LocalError{"reading back the directory " + dir, err}
	}
	created = append(created, Dir{Path: dir, ID: identityOf(info)})
	if err := os.Chmod(dir, mode); err != nil {
		return created, &LocalError{"setting the permissions of " + dir, err}
	}
	return created, nil
}

// Dir is a directory Write created, to be removed again (RemoveDirs).
type Dir struct {
	Path string
	ID   Identity
}

// RemoveDirs removes the directories dirs (outermost first, as Write lists
// them), innermost first, each only while it is empty and still the
// directory that was created (where identities are known). It stops at the
// first it leaves: its parents cannot be empty either. It returns those it
// removed.
func RemoveDirs(dirs []Dir) []string {
	var removed []string
	for i := len(dirs) - 1; i >= 0; i-- {
		d := dirs[i]
		info, err := os.Lstat(d.Path)
		if err != nil || !info.IsDir() || d.ID.Known() && identityOf(info) != d.ID || os.Remove(d.Path) != nil {
			break
		}
		removed = append(removed, d.Path)
	}
	return removed
}

// Each writer's temporary file is its own. It is created under a name that
// the stale pattern does not match (".base.N.new"), locked with flock(2),
// and only then renamed to ".base.N.partial"; a sweep removes only a
// ".partial" file whose lock it can take, which no live writer's is. Where
// the system has no flock, no temporary file is ever removed as stale: a
// killed run's stays, for its user to remove, and a live one is never
// harmed.

// createLocked creates, in dir, a temporary file for base that no sweep
// removes while it is open, and returns it with its name.
func createLocked(dir, base string) (*os.File, string, error) {
	for {
		f, err := os.CreateTemp(dir, "."+base+".*.new")
		if err != nil {
			return nil, "", &LocalError{"creating a temporary file in " + dir, err}
		}
		fail := func(op string, err error) (*os.File, string, error) {
			_ = os.Remove(f.Name())
			_ = f.Close()
			return nil, "", &LocalError{op + " " + f.Name(), err}
		}
		if canLock {
			if ok, err := tryLock(f); !ok {
				return fail("locking", cmp.Or(err, errors.New("another process holds its lock")))
			}
		}
		name := strings.TrimSuffix(f.Name(), ".new") + ".partial"
		if _, err := os.Lstat(name); err == nil {
			// Another writer's, or a killed one's, has the same number.
			_ = os.Remove(f.Name())
			_ = f.Close()
			continue
		}
		if err := os.Rename(f.Name(), name); err != nil {
			return fail("renaming", err)
		}
		return f, name, nil
	}
}

// stalePattern matches the temporary files of base.
func stalePattern(base string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.[0-9]+\.partial$`)
}

// Stale lists the temporary files beside path that a killed run left: the
// ones no live writer holds. It removes nothing.
func Stale(path string) []string { return sweep(path, false) }

// RemoveStale removes the temporary files beside path that a killed run
// left, and only those, and lists them.
func RemoveStale(path string) []string { return sweep(path, true) }

func sweep(path string, remove bool) []string {
	if !canLock {
		return nil
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	pattern := stalePattern(base)
	var found []string
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if e.Type().IsRegular() && pattern.MatchString(e.Name()) && orphaned(name, remove) {
			found = append(found, name)
		}
	}
	return found
}

// orphaned says whether no writer holds the temporary file at name, and
// with remove, removes it while holding its lock (and only if name still
// is the file it locked).
func orphaned(name string, remove bool) bool {
	f, err := os.OpenFile(name, openFlags, 0)
	if err != nil {
		return false
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	if ok, _ := tryLock(f); !ok {
		return false
	}
	if !remove {
		return true
	}
	now, err := os.Lstat(name)
	return err == nil && os.SameFile(now, info) && os.Remove(name) == nil
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

// Kind is what a path holds.
type Kind int

// The kinds a path may hold; only a Regular file is ever opened, written
// over or changed.
const (
	Missing Kind = iota
	Regular
	Directory
	Symlink
	NamedPipe
	Socket
	Device
	Irregular
)

var kindNames = [...]string{Missing: "nothing", Regular: "a regular file", Directory: "a directory",
	Symlink: "a symbolic link", NamedPipe: "a named pipe (FIFO)", Socket: "a socket", Device: "a device",
	Irregular: "not a regular file"}

func (k Kind) String() string { return kindNames[k] }

func kindOf(m os.FileMode) Kind {
	switch {
	case m.IsRegular():
		return Regular
	case m.IsDir():
		return Directory
	case m&os.ModeSymlink != 0:
		return Symlink
	case m&os.ModeNamedPipe != 0:
		return NamedPipe
	case m&os.ModeSocket != 0:
		return Socket
	case m&os.ModeDevice != 0:
		return Device
	}
	return Irregular
}

// NotAFileError is a path that holds something other than a regular file
// (a symbolic link, a pipe, a socket, a device, a directory): it is never
// followed, opened, replaced or changed.
type NotAFileError struct {
	Path string
	Kind Kind
}

func (e *NotAFileError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, e.Kind)
}

// refuseNonFile refuses a path that holds anything but a regular file or
// nothing.
func refuseNonFile(path string) error {
	found, err := Look(path)
	switch {
	case err != nil:
		return &LocalError{"looking at " + path, err}
	case found.Kind != Missing && found.Kind != Regular:
		return &NotAFileError{Path: path, Kind: found.Kind}
	}
	return nil
}

// Found is what is at a path, as Inspect saw it.
type Found struct {
	Kind Kind
	// Mode is the Unix mode bits 07777: permissions, setuid, setgid and
	// sticky.
	Mode uint32
	Size int64
	// SHA256 is its hex SHA-256, when it was hashed (see Inspect).
	SHA256 string
	// Unreadable: a regular file its owner may not read (its mode says
	// so), which was not hashed.
	Unreadable bool
	ID         Identity
}

// Inspect looks at path without following a symbolic link, and opens it
// only if Lstat saw a regular file; the open follows no link and waits on
// no pipe, and what was opened is described by fstat, so that a swap
// between the two is seen. A regular file of size wantSize is hashed,
// reading at most that many bytes and stopping when ctx ends; another
// size needs no hash to differ. A missing path is an error for which
// os.IsNotExist holds.
func Inspect(ctx context.Context, path string, wantSize int64) (Found, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return Found{}, err
	}
	found := describe(info)
	if found.Kind != Regular {
		return found, nil
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if errors.Is(err, fs.ErrPermission) {
		found.Unreadable = true
		return found, nil
	}
	if err != nil {
		if again, lerr := os.Lstat(path); lerr == nil && !again.Mode().IsRegular() {
			return describe(again), nil // a link or a pipe took its place
		}
		return found, err
	}
	defer func() { _ = f.Close() }()
	if info, err = f.Stat(); err != nil {
		return found, err
	}
	if found = describe(info); found.Kind != Regular || found.Size != wantSize {
		return found, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, &ctxReader{ctx: ctx, r: io.LimitReader(f, wantSize)}); err != nil {
		return found, err
	}
	found.SHA256 = hex.EncodeToString(h.Sum(nil))
	return found, nil
}

func describe(info os.FileInfo) Found {
	return Found{Kind: kindOf(info.Mode()), Mode: unixMode(info), Size: info.Size(), ID: identityOf(info)}
}

// ReplacedError is a regular file at a path that is not the one expected.
type ReplacedError struct{ Path string }

func (e *ReplacedError) Error() string {
	return e.Path + " is no longer the file that was written there: another file has taken its place"
}

// errNoPathDescriptor: this system cannot open a file without reading it.
var errNoPathDescriptor = errors.New("no O_PATH on this system")

// Chmod sets exactly mode (bits 07777) on the regular file at path,
// through a descriptor opened without following a link and checked by
// fstat to be a regular file and, when expect is known, that file. A file
// its owner cannot read is opened with O_PATH on Linux and changed
// through /proc/self/fd; elsewhere it is checked with Lstat and changed
// by name with Chmod.
func Chmod(path string, mode uint32, expect Identity) error {
	if err := refuseNonFile(path); err != nil {
		return err
	}
	f, err := os.OpenFile(path, openFlags, 0)
	unreadable := errors.Is(err, fs.ErrPermission)
	if unreadable {
		f, err = openUnreadable(path)
		if errors.Is(err, errNoPathDescriptor) {
			return os.Chmod(path, goMode(mode))
		}
	}
	if err != nil {
		if err := refuseNonFile(path); err != nil {
			return err // a link or a pipe took its place
		}
		return err
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	switch {
	case err != nil:
		return err
	case kindOf(info.Mode()) != Regular:
		return &NotAFileError{Path: path, Kind: kindOf(info.Mode())}
	case expect.Known() && identityOf(info).Known() && identityOf(info) != expect:
		return &ReplacedError{Path: path}
	case unreadable:
		return chmodUnreadable(f, mode)
	}
	return fchmod(f, mode)
}

// goMode is chmod(2)'s mode bits as Go's FileMode.
func goMode(mode uint32) os.FileMode {
	m := os.FileMode(mode & 0o777)
	for bit, flag := range map[uint32]os.FileMode{0o4000: os.ModeSetuid, 0o2000: os.ModeSetgid, 0o1000: os.ModeSticky} {
		if mode&bit != 0 {
			m |= flag
		}
	}
	return m
}

// portableMode is Go's FileMode as chmod(2)'s mode bits.
func portableMode(m os.FileMode) uint32 {
	bits := uint32(m.Perm())
	for flag, bit := range map[os.FileMode]uint32{os.ModeSetuid: 0o4000, os.ModeSetgid: 0o2000, os.ModeSticky: 0o1000} {
		if m&flag != 0 {
			bits |= bit
		}
	}
	return bits
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
	case found.Kind != Regular:
		return false, "it is " + found.Kind.String() + " now, not the file that was downloaded", nil
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
// if anything: a path that ends in a separator, "." or "..", or an
// existing directory.
func CleanPath(path string) error {
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator)) {
		return errors.New("ends in a path separator: it must name a file")
	}
	if base := filepath.Base(path); base == "." || base == ".." {
		return fmt.Errorf("ends in %q: it must name a file", base)
	}
	if info, err := os.Lstat(path); err == nil && info.IsDir() {
		return errors.New("is an existing directory: it must name a file")
	}
	return nil
}

// Look says what is at path, without following a symbolic link or opening
// anything; a missing path is Kind Missing, not an error.
func Look(path string) (Found, error) {
	info, err := os.Lstat(path)
	switch {
	case os.IsNotExist(err):
		return Found{Kind: Missing}, nil
	case err != nil:
		return Found{}, err
	}
	return describe(info), nil
}
