package hsssim

import (
	"reflect"
	"slices"
	"testing"
)

// The seed file's documentation (hss-simulator -h) describes exactly the
// keys Config and its parts have: one fact, checked, not typed twice.
func TestSeedDoc_CoversTheConfig(t *testing.T) {
	paths := seedPaths(reflect.TypeFor[Config](), "")
	for _, p := range paths {
		if seedKeys[p] == "" {
			t.Errorf("seed key %q has no description in seedKeys", p)
		}
	}
	for k := range seedKeys {
		if !slices.Contains(paths, k) {
			t.Errorf("seedKeys describes %q, which Config does not have", k)
		}
	}
}
