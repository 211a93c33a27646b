package hss

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Retry timing: BaseBackoff doubled after each attempt up to MaxBackoff
// (NominalBackoff lists it), or the service's Retry-After up to
// MaxRetryAfter. The docs' figures are generated from these.
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
// no Retry-After: NominalBackoff(n), with jitter.
func (p retryPolicy) backoff(n int) time.Duration {
	return p.jitter(NominalBackoff(n))
}

// NominalBackoff is the wait before retry number n (1-based), before
// jitter: BaseBackoff doubled each time, capped at MaxBackoff.
func NominalBackoff(n int) time.Duration {
	d := BaseBackoff
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
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

// next decides, after attempt number n failed with err, whether to try
// again and after how long. Throttling, gateway or service failures and
// broken connections are retried, after the service's Retry-After or the
// backoff; other failures are final. A call that is not idempotent is
// retried only when it certainly did not reach the service: the
// connection was never made, or the gateway throttled it (429).
func (p retryPolicy) next(err error, n int, idempotent bool) (time.Duration, bool) {
	var apiErr *APIError
	var te *TransportError
	switch {
	case errors.As(err, &apiErr):
		if !retryableStatus(apiErr.StatusCode) || (!idempotent && apiErr.StatusCode != http.StatusTooManyRequests) {
			return 0, false
		}
		if d, ok := p.retryAfter(apiErr.header); ok {
			return d, true
		}
		return p.backoff(n), true
	case errors.As(err, &te):
		if !isRetryableTransportError(te) || (!idempotent && te.Stage != StageConnect) {
			return 0, false
		}
		return p.backoff(n), true
	}
	return 0, false
}

// mayHaveReached says whether a request that failed with err may have been
// received, and acted on, by the service: yes after a 5xx, a lost or
// unfinished answer, or an answer that could not be read; no when the
// connection was never made, the service refused it (4xx), or the
// credentials could not be had.
func mayHaveReached(err error) bool {
	var apiErr *APIError
	var te *TransportError
	var credErr *CredentialError
	switch {
	case errors.As(err, &credErr):
		return false
	case errors.As(err, &apiErr):
		return apiErr.StatusCode >= 500
	case errors.As(err, &te):
		return te.Stage != StageConnect
	}
	return true
}

// retryableStatus says whether an HTTP status is worth another attempt:
// throttling and gateway or service failures. Other 4xx fail the same way
// every time, and 501 means the API does not exist.
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests ||
		(code >= 500 && code != http.StatusNotImplemented && code != http.StatusHTTPVersionNotSupported)
}

// stageOf says how far a request got that the transport failed: a dial
// error or a failed TLS handshake never reached the service; anything else
// was sent and got no answer.
func stageOf(err error) Stage {
	var opErr *net.OpError
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &opErr) && opErr.Op == "dial", errors.As(err, &certErr), errors.As(err, &recordErr),
		errors.Is(err, ErrAnswersPlainHTTP),
		errors.As(err, &alert), errors.As(err, new(x509.UnknownAuthorityError)),
		errors.As(err, new(x509.HostnameError)), errors.As(err, new(x509.CertificateInvalidError)):
		return StageConnect
	}
	return StageAnswer
}

// isRetryableTransportError says whether an attempt that got no HTTP answer
// is worth repeating: yes for refused, reset or timed-out connections, no for
// TLS verification and malformed URLs, which fail the same way every time.
func isRetryableTransportError(err error) bool {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return false
	}
	var recordErr tls.RecordHeaderError
	if errors.As(err, &recordErr) || errors.Is(err, ErrAnswersPlainHTTP) {
		return false
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return dnsErr.IsTemporary || dnsErr.IsTimeout
		}
	}
	return true
}
