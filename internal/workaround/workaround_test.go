package workaround

import "testing"

func TestOn(t *testing.T) {
	for _, c := range []struct {
		value string
		on    bool // the sweep's
	}{
		{"", true},
		{"1", false},
		{"true", false},
		{"sweep", false},
		// Names of removed workarounds are accepted and ignored, never
		// read as "everything off".
		{"codec", true},
		{"handshake, codec", true},
		{"codec,sweep,handshake", false},
		{"codec,nonsense", false}, // not a list of names: all off, the safe side
		{",", false},
	} {
		t.Run(c.value, func(t *testing.T) {
			t.Setenv(NoWorkaroundsVar, c.value)
			if got := On(Sweep); got != c.on {
				t.Errorf("%s=%q: On(sweep) = %v, want %v", NoWorkaroundsVar, c.value, got, c.on)
			}
		})
	}
}
