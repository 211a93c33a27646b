package serve

import "os"

// NoWorkaroundsVar, set to any value, turns off every workaround of an
// upstream defect at once (ARCHITECTURE.md's rule): the provider is then
// served exactly as providerserver and tf6server serve it. Users have it
// as a way out the day one misbehaves; CI runs the CLI tests with it set,
// so the provider is known to be correct without them.
const NoWorkaroundsVar = "HSS_NO_WORKAROUNDS"

// Workarounds says whether the workarounds are on (NoWorkaroundsVar unset).
func Workarounds() bool { return os.Getenv(NoWorkaroundsVar) == "" }
