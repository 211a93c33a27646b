package workaround

import "testing"

func TestOn(t *testing.T) {
	for _, c := range []struct {
		value string
		on    []Name // the rest are off
	}{
		{"", All},
		{"1", nil},
		{"true", nil},
		{"codec", []Name{Sweep, Handshake}},
		{"sweep, handshake", []Name{Codec}},
		{"codec,sweep,handshake", nil},
		{"codec,nonsense", nil}, // not a list of names: all off, the safe side
		{",", nil},
	} {
		t.Run(c.value, func(t *testing.T) {
			t.Setenv(NoWorkaroundsVar, c.value)
			for _, w := range All {
				want := false
				for _, n := range c.on {
					want = want || n == w
				}
				if got := On(w); got != want {
					t.Errorf("%s=%q: On(%s) = %v, want %v", NoWorkaroundsVar, c.value, w, got, want)
				}
			}
		})
	}
}
