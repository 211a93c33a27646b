//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package localfile

import "os"

// canLock: no flock(2) here. A temporary file cannot be told from another
// writer's, so none is ever removed as stale (see RemoveStale).
const canLock = false

func tryLock(*os.File) (bool, error) { return false, nil }
