package localfile

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// openUnreadable opens a path whose mode its owner cannot read, to change
// that mode: an O_PATH descriptor opens no content and follows no link.
// fchmod does not take such a descriptor, so the mode is set through
// /proc/self/fd, which names the open file itself, never a path.
func openUnreadable(path string) (*os.File, error) {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

func chmodUnreadable(f *os.File, mode uint32) error {
	err := unix.Chmod("/proc/self/fd/"+strconv.Itoa(int(f.Fd())), mode)
	return os.NewSyscallError("chmod", err)
}
