//go:build !linux

package localfile

import "os"

// openUnreadable: without O_PATH, a file its owner cannot read cannot be
// opened at all; chmodUnreadable then falls back to Lstat and Chmod by
// name (a symbolic link swapped in between the two would be followed: a
// race this system leaves no way to close).
func openUnreadable(string) (*os.File, error) { return nil, errNoPathDescriptor }

func chmodUnreadable(*os.File, uint32) error { return errNoPathDescriptor }
