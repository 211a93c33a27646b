package hss

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// transport sends calls: one shared connection pool, the retry policy,
// credential renewal after a 401, the per-attempt deadline and the log.
// It knows nothing of HSS or IAM paths; the Client and the IAM client
// both send through it.
type transport struct {
	http           *http.Client
	retry          retryPolicy
	maxRetries     int
	attemptTimeout time.Duration
	userAgent      string
	log            Logger // nil: no log lines, and no fields built
	secrets        *redactor
}

// call is one API request, sent until it succeeds, fails for good, runs
// out of retries or its context ends.
type call struct {
	method string
	url    *url.URL
	// body is sent as JSON; nil for a GET.
	body []byte
	// idempotent: sending it twice does no harm. A call that is not (a
	// POST that starts an export) is retried only when it certainly did
	// not reach the service; see retryPolicy.next.
	idempotent bool
	// region, when set, is sent as the region header.
	region string
	// projectID, when set, is sent as X-Project-Id.
	projectID string
	// domainID, when set, is sent as X-Domain-Id: the account of a
	// global (IAM) call signed with an access key pair.
	domainID string
	auth     Authenticator
	// stream: the answer's body may take longer than an attempt's timeout
	// to arrive whole (a download); the timeout then bounds the wait for
	// the answer to start and each silence while its body arrives.
	stream bool
	// maxBody, when set, replaces MaxBodyBytes as the most of a successful
	// answer that is read whole (a report with no paging).
	maxBody int64
}

// response is a successful answer, read whole.
type response struct {
	body      []byte
	header    http.Header
	requestID string
	attempts  int
}

// Renewable is an Authenticator whose credentials can go stale (an IAM
// token it obtained itself). After a 401 the transport calls Invalidate
// with the rejected request and retries once with fresh credentials.
type Renewable interface {
	Authenticator
	Invalidate(rejected *http.Request)
}

// do sends cl until it succeeds or fails for good, and reads the answer
// whole (at most MaxBodyBytes).
func (t *transport) do(ctx context.Context, cl call) (*response, error) {
	var res *response
	limit := cmp.Or(cl.maxBody, MaxBodyBytes)
	attempts, err := t.retrying(ctx, cl, func(ctx context.Context, resp *http.Response) error {
		body, err := readBodyUpTo(resp.Body, limit)
		body = t.secrets.redactBody(body)
		requestID := t.secrets.requestID(resp.Header)
		var tooLarge *BodyTooLargeError
		switch {
		case errors.As(err, &tooLarge):
			return &ResponseError{Reason: err.Error(), RequestID: requestID, cause: tooLarge}
		case err != nil:
			return &TransportError{Stage: StageBody, Err: fmt.Errorf("reading the response body: %w", err)}
		}
		res = &response{body: body, header: resp.Header, requestID: requestID}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.attempts = attempts
	return res, nil
}

// stream sends cl (a GET: idempotent) until handle has read a 2xx answer
// whole, or the call fails for good. Each attempt hands handle a fresh
// body from its start; a body cut short is retried like a failed request,
// so handle must start over each time it is called.
func (t *transport) stream(ctx context.Context, cl call, handle func(body io.Reader, header http.Header) error) error {
	cl.stream, cl.idempotent = true, true
	_, err := t.retrying(ctx, cl, func(_ context.Context, resp *http.Response) error {
		body := &watchedBody{r: resp.Body}
		err := handle(body, resp.Header)
		switch {
		case err == nil:
			return nil
		case body.err != nil:
			// The body broke off: like a failed request, worth another try.
			return &TransportError{Stage: StageBody, Err: fmt.Errorf("reading the response body: %w", body.err)}
		}
		// What handle decided on its own (a file too large, a full disk)
		// is final.
		return &handlerError{err}
	})
	var he *handlerError
	if errors.As(err, &he) {
		return he.err
	}
	return err
}

// watchedBody remembers a failed read of a streamed body.
type watchedBody struct {
	r   io.Reader
	err error
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// handlerError is a stream handler's own failure: never retried.
type handlerError struct{ err error }

func (e *handlerError) Error() string { return e.err.Error() }

// retrying sends cl until handle accepts a 2xx answer, or the call fails
// for good. handle reads the answer within the attempt's deadline; an
// error it returns is judged like any other failure of the attempt. It
// returns how many attempts were made.
func (t *transport) retrying(ctx context.Context, cl call, handle func(context.Context, *http.Response) error) (int, error) {
	endpoint := cl.url.Scheme + "://" + cl.url.Host
	bodyHash := ""
	if cl.body != nil {
		sum := sha256.Sum256(cl.body)
		bodyHash = hex.EncodeToString(sum[:])
	}
	renewed := false
	for attempt := 1; ; attempt++ {
		err := t.attempt(ctx, cl, bodyHash, attempt, handle)
		if err == nil {
			return attempt, nil
		}
		err = t.describe(err, endpoint, attempt)
		// A call that may have done something, and will not be sent
		// again, has an unknown outcome; the caller must say so.
		final := func(e error) error {
			if !cl.idempotent && mayHaveReached(err) {
				return &OutcomeUnknownError{Err: e}
			}
			return e
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return attempt, final(fmt.Errorf("the request to %s stopped after %d attempt(s): %w", endpoint, attempt, ctxErr))
		}
		if !renewed && t.renew(cl.auth, err) {
			renewed = true
			continue
		}
		wait, retry := t.retry.next(err, attempt, cl.idempotent)
		if !retry || attempt > t.maxRetries {
			return attempt, final(err)
		}
		if t.log != nil {
			t.log.Debug(ctx, "retrying request", map[string]any{
				"url": cl.url.String(), "attempt": attempt, "max_retries": t.maxRetries, "wait": wait.String(), "error": err.Error(),
			})
		}
		if err := t.retry.sleep(ctx, wait); err != nil {
			return attempt, fmt.Errorf("the request to %s stopped while waiting to retry after %d attempt(s): %w", endpoint, attempt, err)
		}
	}
}

// describe completes what an attempt's error says: the attempt count, and
// for a failure without an HTTP answer, the endpoint. It never writes into
// an error it was handed: an *APIError may be shared (a cached credential
// failure, returned to every concurrent read), so it annotates a copy.
func (t *transport) describe(err error, endpoint string, attempt int) error {
	if apiErr, ok := err.(*APIError); ok {
		annotated := *apiErr
		annotated.Attempts = attempt
		return &annotated
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err // someone else's, wrapped: left as it is
	}
	var respErr *ResponseError
	var credErr *CredentialError
	var he *handlerError
	if errors.As(err, &respErr) || errors.As(err, &credErr) || errors.As(err, &he) {
		return err
	}
	te := &TransportError{}
	if !errors.As(err, &te) {
		te = &TransportError{Stage: stageOf(err), Err: err}
	}
	te.Endpoint, te.Attempts = endpoint, attempt
	return te
}

// renew drops the credentials a 401 rejected, when they are ones the
// client obtained itself and can obtain again; it says whether to retry.
func (t *transport) renew(auth Authenticator, err error) bool {
	r, ok := auth.(Renewable)
	var apiErr *APIError
	if !ok || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized ||
		errors.Is(apiErr, ErrClockSkew) || apiErr.rejected == nil {
		return false
	}
	r.Invalidate(apiErr.rejected)
	return true
}

// attempt sends one request and hands a 2xx answer to handle, within the
// attempt's deadline. A non-2xx answer is an *APIError carrying the
// response headers (for Retry-After) and the request (for renewal); no
// answer at all is a *TransportError.
func (t *transport) attempt(ctx context.Context, cl call, bodyHash string, n int,
	handle func(context.Context, *http.Response) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	deadline := time.AfterFunc(t.attemptTimeout, func() { cancel(errAttemptTimeout) })
	defer deadline.Stop()
	req, err := t.request(ctx, cl, bodyHash)
	if err != nil {
		return err
	}

	start := time.Now()
	if t.log != nil {
		t.log.Trace(ctx, "HSS request", map[string]any{
			"method": req.Method, "url": cl.url.String(), "attempt": n, "headers": RedactHeaders(req.Header),
		})
	}
	resp, err := t.http.Do(req)
	if err != nil {
		switch {
		case context.Cause(ctx) == errAttemptTimeout:
			err = fmt.Errorf("no answer within %s: %w", t.attemptTimeout, context.DeadlineExceeded)
		case strings.Contains(err.Error(), plainHTTPAnswer):
			err = fmt.Errorf("%w: %w", ErrAnswersPlainHTTP, err)
		}
		if t.log != nil {
			t.log.Debug(ctx, "HSS request failed", map[string]any{
				"url": cl.url.String(), "attempt": n, "duration": time.Since(start).String(), "error": err.Error(),
			})
		}
		return &TransportError{Stage: stageOf(err), Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	requestID := t.secrets.requestID(resp.Header)
	if t.log != nil {
		t.log.Debug(ctx, "HSS response", map[string]any{
			"url": cl.url.String(), "attempt": n, "status": resp.StatusCode, "request_id": requestID,
			"duration": time.Since(start).String(),
		})
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := readBody(resp.Body) // an error body cut short still says something
		body = t.secrets.redactBody(body)
		e := decodeAPIError(resp.StatusCode, resp.Header, body, t.secrets.redact)
		e.header = resp.Header
		e.rejected = req
		if t.log != nil {
			t.log.Trace(ctx, "HSS error body", map[string]any{"body": snippet(body, 1024)})
		}
		return e
	}
	if cl.stream {
		// From here the timeout bounds each silence, not the whole body.
		resp.Body = &idleReader{r: resp.Body, timer: deadline, idle: t.attemptTimeout}
	}
	err = handle(ctx, resp)
	if err != nil && context.Cause(ctx) == errAttemptTimeout {
		what := "no complete answer within " + t.attemptTimeout.String()
		if cl.stream {
			what = "the answer stopped for " + t.attemptTimeout.String()
		}
		return &TransportError{Stage: StageBody, Err: fmt.Errorf("%s: %w", what, context.DeadlineExceeded)}
	}
	return err
}

// errAttemptTimeout ends an attempt that ran past the transport's
// attemptTimeout.
var errAttemptTimeout = errors.New("attempt timed out")

// idleReader restarts the attempt's timer on every read that returns data,
// so that a long download ends only when it stalls.
type idleReader struct {
	r     io.ReadCloser
	timer *time.Timer
	idle  time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.timer.Reset(r.idle)
	}
	return n, err
}

func (r *idleReader) Close() error { return r.r.Close() }

// request builds one attempt's request, its credentials fresh.
func (t *transport) request(ctx context.Context, cl call, bodyHash string) (*http.Request, error) {
	// Built directly rather than with http.NewRequest, which would print the
	// URL and parse it back.
	req := (&http.Request{
		Method: cl.method, URL: cl.url, Host: cl.url.Host, Header: make(http.Header, 8),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}).WithContext(ctx)
	req.Header.Set("Accept", "application/json")
	// As the SDK sends it on every HSS call, with a body or not (JSON is
	// UTF-8 by definition: no charset).
	req.Header.Set("Content-Type", "application/json")
	if cl.body != nil {
		req.Body = io.NopCloser(bytes.NewReader(cl.body))
		req.ContentLength = int64(len(cl.body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(cl.body)), nil }
	}
	for _, h := range [...]struct{ name, value string }{
		{"X-Project-Id", cl.projectID}, {"X-Domain-Id", cl.domainID}, {"User-Agent", t.userAgent}, {"Region", cl.region},
	} {
		if h.value != "" {
			req.Header.Set(h.name, h.value)
		}
	}
	if err := cl.auth.Authenticate(req, bodyHash, t.retry.now()); err != nil {
		return nil, err
	}
	return req, nil
}

// BodyTooLargeError is an answer longer than the most the client reads of
// it; reading stopped there.
type BodyTooLargeError struct{ Max int64 }

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("the response body is larger than %d bytes", e.Max)
}

// readBody reads at most MaxBodyBytes; a longer body is an error, read no
// further, so a hostile endpoint cannot make the provider hold it in memory.
func readBody(r io.Reader) ([]byte, error) { return readBodyUpTo(r, MaxBodyBytes) }

func readBodyUpTo(r io.Reader, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return body, err
	}
	if int64(len(body)) > limit {
		return nil, &BodyTooLargeError{Max: limit}
	}
	return body, nil
}
