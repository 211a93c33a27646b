package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, unset := range []func(){func() { unsetenv(t, "GOGC") }, func() { t.Setenv("GOGC", "") }} {
		unset()
		debug.SetGCPercent(100) // as the runtime read it at start
		tuneGC()
		if got := debug.SetGCPercent(100); got != gcPercent {
			t.Errorf("GOGC unset or empty: the GC percent is %d, want %d", got, gcPercent)
		}
	}

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50) // as the runtime read it at start
	tuneGC()
	if got := debug.SetGCPercent(100); got != 50 {
		t.Errorf("GOGC=50: the GC percent is %d, want the user's 50", got)
	}
}

// unsetenv unsets name for the test, and restores it after.
func unsetenv(t *testing.T, name string) {
	t.Setenv(name, "") // registers the restore
	if err := os.Unsetenv(name); err != nil {
		t.Fatal(err)
	}
}
