//go:build unix

package localfile

import (
	"os"
	"syscall"
)

// openFlags open a path for reading without following a symbolic link
// that took it since Lstat, and without waiting on a named pipe.
const openFlags = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK

func identityOf(info os.FileInfo) Identity {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return Identity{Device: uint64(st.Dev), Inode: uint64(st.Ino)} //nolint:unconvert // widths differ by system
	}
	return Identity{}
}

// unixMode is the file's mode bits 07777 (permissions, setuid, setgid,
// sticky), as chmod(2) takes them.
func unixMode(info os.FileInfo) uint32 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint32(st.Mode) & 0o7777 //nolint:unconvert // widths differ by system
	}
	return portableMode(info.Mode())
}

// fchmod sets exactly mode on the open file.
func fchmod(f *os.File, mode uint32) error {
	return os.NewSyscallError("fchmod", syscall.Fchmod(int(f.Fd()), mode))
}
