package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the provider's garbage collection target, unless GOGC says
// otherwise. Each RPC allocates far more than it keeps (the framework's
// request and response conversions), and the heap that stays live is a few
// megabytes, so Go's default of 100 collects often for little: make bench
// measured a fifth of the provider's CPU on a plan of 1,000 reads saved at
// 200, for about 4 MB more at peak (bench/RESULTS.md, "Garbage collection").
const gcPercent = 200

// tuneGC sets gcPercent unless the user's GOGC sets its own.
func tuneGC() {
	if os.Getenv("GOGC") == "" { // as the runtime reads it: empty is unset
		debug.SetGCPercent(gcPercent)
	}
}
