package hss

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoff_DoublesUpToTheCap(t *testing.T) {
	p := retryPolicy{jitter: func(d time.Duration) time.Duration { return d }}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	for i, w := range want {
		if got := p.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := p.backoff(1000); got != MaxBackoff {
		t.Errorf("backoff(1000) = %v, want the cap", got)
	}
}

func TestHalfJitter_StaysBetweenHalfAndWhole(t *testing.T) {
	seen := map[bool]bool{}
	for range 1000 {
		d := halfJitter(time.Second)
		if d < 500*time.Millisecond || d > time.Second {
			t.Fatalf("halfJitter(1s) = %v", d)
		}
		seen[d < 750*time.Millisecond] = true
	}
	if len(seen) != 2 {
		t.Error("1000 draws all fell in one half: there is no jitter")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	p := retryPolicy{now: func() time.Time { return now }}
	cases := []struct {
		name, value string
		want        time.Duration
		ok          bool
	}{
		{"seconds are honoured", "3", 3 * time.Second, true},
		{"zero means retry now", "0", 0, true},
		{"a huge value is capped", "99999999999999", MaxRetryAfter, true},
		{"an HTTP date is honoured", now.Add(4 * time.Second).Format(http.TimeFormat), 4 * time.Second, true},
		{"a date in the past means no wait", now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"a far date is capped", now.Add(time.Hour).Format(http.TimeFormat), MaxRetryAfter, true},
		{"a negative number is ignored", "-5", 0, false},
		{"garbage is ignored", "soon", 0, false},
		{"no header means none", "", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			if c.value != "" {
				h.Set("Retry-After", c.value)
			}
			got, ok := p.retryAfter(h)
			if got != c.want || ok != c.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", c.value, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestRetryableStatus(t *testing.T) {
	for code, want := range map[int]bool{429: true, 500: true, 502: true, 503: true, 504: true,
		400: false, 401: false, 403: false, 404: false, 501: false, 200: false} {
		if got := retryableStatus(code); got != want {
			t.Errorf("retryableStatus(%d) = %v, want %v", code, got, want)
		}
	}
}
