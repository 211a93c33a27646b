//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package localfile

import (
	"errors"
	"os"
	"syscall"
)

// canLock says whether this system has flock(2): it has.
const canLock = true

// tryLock takes an exclusive lock on f without waiting; false when another
// process holds one. The lock goes with f's last descriptor.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
