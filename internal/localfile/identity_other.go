//go:build !unix

package localfile

import "os"

// noFollow: this system has no O_NOFOLLOW; Inspect's Lstat stands alone.
const noFollow = 0

// identityOf is unknown here: ownership rests on size and SHA-256 alone.
func identityOf(os.FileInfo) Identity { return Identity{} }
