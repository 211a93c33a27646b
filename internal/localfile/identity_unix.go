//go:build unix

package localfile

import (
	"os"
	"syscall"
)

// noFollow makes opening a path that a symbolic link took since Lstat fail.
const noFollow = syscall.O_NOFOLLOW

func identityOf(info os.FileInfo) Identity {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return Identity{Device: uint64(st.Dev), Inode: uint64(st.Ino)} //nolint:unconvert // widths differ by system
	}
	return Identity{}
}
