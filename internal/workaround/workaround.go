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
// names (such as "codec" or "sweep,handshake"), it turns off those only;
// set to any other value ("1"), it turns off every one at once: the
// provider is then served exactly as providerserver and tf6server serve
// it, and converts its models with the framework's Get and Set. Users have
// it as a way out the day one misbehaves; CI runs the CLI tests with it
// set to 1, so the provider is known to be correct without them; the
// bench turns them off one by one, so what each buys is on record.
const NoWorkaroundsVar = "HSS_NO_WORKAROUNDS"

// Name names a workaround.
type Name string

// The workarounds, each with its place and its report in upstream/.
const (
	// Sweep: internal/serve/server.go, terraform-plugin-framework-context-leak.md.
	Sweep Name = "sweep"
	// Handshake: internal/serve/serve.go, go-plugin-p521-handshake.md.
	Handshake Name = "handshake"
	// Codec: internal/provider/model.go, terraform-plugin-framework-regexp-per-field.md.
	Codec Name = "codec"
)

// All is every workaround.
var All = []Name{Sweep, Handshake, Codec}

// Buys is what each workaround buys, for the docs and the bench.
var Buys = map[Name]string{
	Sweep:     "memory that stays flat over plans of thousands of reads",
	Handshake: "CPU at every start of the provider",
	Codec:     "CPU at every read, plan and apply",
}

// On says whether the workaround w is on: NoWorkaroundsVar is unset or
// empty, or lists known names only and not w.
func On(w Name) bool {
	v := os.Getenv(NoWorkaroundsVar)
	if v == "" {
		return true
	}
	off := false
	for name := range strings.SplitSeq(v, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(All, Name(name)) {
			return false // not a list of names: every one is off
		}
		off = off || Name(name) == w
	}
	return !off
}
