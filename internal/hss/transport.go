package hss

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// call is one API request, sent until it succeeds, fails for good, runs
// out of retries or its context ends.
type call struct {
	method string
	url    *url.URL
	// body is sent as JSON; nil for a GET.
	body []byte
	// region, when set, is sent as the region header.
	region string
	// projectID, when set, is sent as X-Project-Id.
	projectID string
	// domainID, when set, is sent as X-Domain-Id: the account of a
	// global (IAM) call signed with an access key pair.
	domainID string
	auth     Authenticator
}

// response is a successful answer, read whole.
type response struct {
	body      []byte
	header    http.Header
	requestID string
	attempts  int
}

// Renewable is an Authenticator whose credentials can go stale (an IAM
// token it obtained itself). After a 401 the client calls Invalidate with
// the rejected request and retries once with fresh credentials.
type Renewable interface {
	Authenticator
	Invalidate(rejected *http.Request)
}

// do sends c until it succeeds or fails for good.
func (c *Client) do(ctx context.Context, cl call) (*response, error) {
	endpoint := cl.url.Scheme + "://" + cl.url.Host
	bodyHash := ""
	if cl.body != nil {
		sum := sha256.Sum256(cl.body)
		bodyHash = hex.EncodeToString(sum[:])
	}
	renewed := false
	for attempt := 1; ; attempt++ {
		res, err := c.attempt(ctx, cl, bodyHash, attempt)
		if err == nil {
			res.attempts = attempt
			return res, nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("reading %s stopped after %d attempt(s): %w", endpoint, attempt, ctxErr)
		}

		var wait time.Duration
		var apiErr *APIError
		var respErr *ResponseError
		var credErr *CredentialError
		var retryable bool
		switch {
		case errors.As(err, &respErr), errors.As(err, &credErr):
			return nil, err
		case errors.As(err, &apiErr):
			apiErr.Attempts = attempt
			// A token we obtained ourselves may have expired: renew it once.
			if r, ok := cl.auth.(Renewable); ok && !renewed && apiErr.StatusCode == http.StatusUnauthorized &&
				!errors.Is(apiErr, ErrClockSkew) && apiErr.rejected != nil {
				r.Invalidate(apiErr.rejected)
				renewed = true
				continue
			}
			retryable = retryableStatus(apiErr.StatusCode)
			if d, ok := c.retry.retryAfter(apiErr.header); ok && retryable {
				wait = d
			} else {
				wait = c.retry.backoff(attempt)
			}
		default:
			retryable = isRetryableTransportError(err)
			te := &TransportError{}
			if !errors.As(err, &te) {
				te.Err = err
			}
			te.Endpoint, te.Attempts = endpoint, attempt
			err = te
			wait = c.retry.backoff(attempt)
		}
		if !retryable || attempt > c.maxRetries {
			return nil, err
		}
		if c.log != nil {
			c.log.Debug(ctx, "retrying request", map[string]any{
				"url": cl.url.String(), "attempt": attempt, "max_retries": c.maxRetries, "wait": wait.String(), "error": err.Error(),
			})
		}
		if err := c.retry.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("reading %s stopped while waiting to retry after %d attempt(s): %w", endpoint, attempt, err)
		}
	}
}

// attempt sends one request. A non-2xx answer is an *APIError carrying the
// response headers (for Retry-After) and the request (for renewal); no
// answer at all is the transport's error.
func (c *Client) attempt(ctx context.Context, cl call, bodyHash string, n int) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()

	// Built directly rather than with http.NewRequest, which would print the
	// URL and parse it back.
	req := (&http.Request{
		Method: cl.method, URL: cl.url, Host: cl.url.Host, Header: make(http.Header, 8),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}).WithContext(ctx)
	req.Header.Set("Accept", "application/json")
	if cl.body != nil {
		req.Body = io.NopCloser(bytes.NewReader(cl.body))
		req.ContentLength = int64(len(cl.body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(cl.body)), nil }
		req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	}
	if cl.projectID != "" {
		req.Header.Set("X-Project-Id", cl.projectID)
	}
	if cl.domainID != "" {
		req.Header.Set("X-Domain-Id", cl.domainID)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if cl.region != "" {
		req.Header.Set("Region", cl.region)
	}
	if err := cl.auth.Authenticate(req, bodyHash, c.retry.now()); err != nil {
		return nil, err
	}

	start := time.Now()
	if c.log != nil {
		c.log.Trace(ctx, "HSS request", map[string]any{
			"method": req.Method, "url": cl.url.String(), "attempt": n, "headers": RedactHeaders(req.Header),
		})
	}
	resp, err := c.http.Do(req)
	if err != nil && errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		err = fmt.Errorf("no answer within %s: %w", c.attemptTimeout, err)
	}
	if err != nil {
		if c.log != nil {
			c.log.Debug(ctx, "HSS request failed", map[string]any{
				"url": cl.url.String(), "attempt": n, "duration": time.Since(start).String(), "error": err.Error(),
			})
		}
		return nil, &TransportError{Stage: stageOf(err), Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	body, readErr := readBody(resp.Body)
	requestID := resp.Header.Get("X-Request-Id")
	if c.log != nil {
		c.log.Debug(ctx, "HSS response", map[string]any{
			"url": cl.url.String(), "attempt": n, "status": resp.StatusCode, "request_id": requestID,
			"duration": time.Since(start).String(), "bytes": len(body),
		})
	}
	if readErr != nil {
		if errors.Is(readErr, errBodyTooLarge) {
			return nil, &ResponseError{Reason: readErr.Error(), RequestID: requestID}
		}
		if errors.Is(readErr, context.DeadlineExceeded) {
			readErr = fmt.Errorf("no complete answer within %s: %w", c.attemptTimeout, readErr)
		}
		return nil, &TransportError{Stage: StageBody, Err: fmt.Errorf("reading the response body: %w", readErr)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := decodeAPIError(resp.StatusCode, resp.Header, body)
		e.header = resp.Header
		e.rejected = req
		if c.log != nil {
			c.log.Trace(ctx, "HSS error body", map[string]any{"body": snippet(body, 1024)})
		}
		return nil, e
	}
	return &response{body: body, header: resp.Header, requestID: requestID}, nil
}

var errBodyTooLarge = fmt.Errorf("the response body is larger than %d bytes", MaxBodyBytes)

// readBody reads at most MaxBodyBytes; a longer body is an error, read no
// further, so a hostile endpoint cannot make the provider hold it in memory.
func readBody(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if err != nil {
		return body, err
	}
	if len(body) > MaxBodyBytes {
		return nil, errBodyTooLarge
	}
	return body, nil
}
