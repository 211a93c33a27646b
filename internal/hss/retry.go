package hss

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry timing. With the default five retries and no Retry-After the waits
// add up to at most 0.5+1+2+4+8 = 15.5 s; a Retry-After is honoured up to
// MaxRetryAfter per wait, so five throttled retries wait at most 150 s.
const (
	BaseBackoff   = 500 * time.Millisecond
	MaxBackoff    = 8 * time.Second
	MaxRetryAfter = 30 * time.Second
)

// retryPolicy holds what the retry loop needs from the outside world, so
// tests can replace time and chance.
type retryPolicy struct {
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(d time.Duration) time.Duration
}

func defaultRetryPolicy() retryPolicy {
	return retryPolicy{now: time.Now, sleep: sleepContext, jitter: halfJitter}
}

// sleepContext waits for d or until ctx ends, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// halfJitter picks a wait uniformly in [d/2, d]: enough spread that parallel
// reads throttled together do not come back together, while never waiting
// less than half the nominal backoff.
func halfJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// backoff is the wait before retry number n (1-based) when the service gave
// no Retry-After: BaseBackoff doubled each time, capped at MaxBackoff, with
// jitter.
func (p retryPolicy) backoff(n int) time.Duration {
	d := BaseBackoff
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	if d > MaxBackoff {
		d = MaxBackoff
	}
	return p.jitter(d)
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date,
// and caps it at MaxRetryAfter. ok is false when there is none or it cannot
// be read; a date in the past means no wait.
func (p retryPolicy) retryAfter(h http.Header) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d = t.Sub(p.now())
	if d < 0 {
		d = 0
	}
	if d > MaxRetryAfter {
		d = MaxRetryAfter
	}
	return d, true
}

// retryableStatus says whether an HTTP status is worth another attempt:
// throttling and gateway or service failures. Other 4xx fail the same way
// every time, and 501 means the API does not exist.
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests ||
		(code >= 500 && code != http.StatusNotImplemented && code != http.StatusHTTPVersionNotSupported)
}
