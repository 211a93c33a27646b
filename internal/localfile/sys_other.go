//go:build !unix

package localfile

import "os"

// openFlags: this system has neither O_NOFOLLOW nor O_NONBLOCK; the Lstat
// before each open, and the Stat of the open file after it, stand alone.
const openFlags = os.O_RDONLY

// identityOf is unknown here: ownership rests on size and SHA-256 alone.
func identityOf(os.FileInfo) Identity { return Identity{} }

func unixMode(info os.FileInfo) uint32 { return portableMode(info.Mode()) }

func fchmod(f *os.File, mode uint32) error { return f.Chmod(goMode(mode)) }
