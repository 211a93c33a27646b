// Package workaround is the one switch for every workaround of an upstream
// defect (ARCHITECTURE.md's rule). Each workaround asks On with its name
// before it acts; NoWorkaroundsVar turns them off.
package workaround

import (
	"os"
	"slices"
	"strings"
)

// NoWorkaroundsVar turns workarounds off. Set to a comma-separated list of
// names (such as "sweep"), it turns off those only; set to any other value
// ("1"), it turns off every one at once: the provider is then served
// exactly as providerserver and tf6server serve it. Users have it as a way
// out the day one misbehaves; CI runs the CLI tests with it set to 1, so
// the provider is known to be correct without them; the bench turns them
// off one by one, so what each buys is on record.
const NoWorkaroundsVar = "HSS_NO_WORKAROUNDS"

// Name names a workaround.
type Name string

// The workarounds, each with its place and its report in upstream/.
const (
	// Sweep: internal/serve/server.go, terraform-plugin-framework-context-leak.md.
	Sweep Name = "sweep"
)

// All is every workaround.
var All = []Name{Sweep}

// Retired are the names of workarounds that were removed: a list that
// still names them (in a user's CI, say) keeps its meaning for the others,
// rather than reading as "everything off".
var Retired = []Name{"handshake", "codec"}

// Buys is what each workaround buys, for the docs and the bench.
var Buys = map[Name]string{
	Sweep: "memory that stays flat over plans of thousands of reads",
}

// On says whether the workaround w is on: NoWorkaroundsVar is unset or
// empty, or lists known names only (current or retired) and not w.
func On(w Name) bool {
	v := os.Getenv(NoWorkaroundsVar)
	if v == "" {
		return true
	}
	off := false
	for name := range strings.SplitSeq(v, ",") {
		name := Name(strings.TrimSpace(name))
		if !slices.Contains(All, name) && !slices.Contains(Retired, name) {
			return false // not a list of names: every one is off
		}
		off = off || name == w
	}
	return !off
}
