package hss

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
	"unicode"
	"unicode/utf8"
)

// Export task statuses the API documents. Others are passed through.
const (
	StatusRunning = "running"
	StatusSuccess = "success"
	StatusFailure = "failure"
)

// ExportTaskQuery names one export task.
type ExportTaskQuery struct {
	// TaskID is the id an export API returned; 1 to 64 characters.
	TaskID string
	// EnterpriseProjectID is sent as enterprise_project_id when not empty.
	EnterpriseProjectID string
	// Region overrides the client's region: it picks the default endpoint
	// and is sent as the region header.
	Region string
}

// ExportTask is the state of an export task. Fields the service left out
// are empty strings.
type ExportTask struct {
	TaskID     string `json:"task_id"`
	TaskName   string `json:"task_name"`
	TaskStatus string `json:"task_status"`
	FileID     string `json:"file_id"`
	FileName   string `json:"file_name"`
	// RequestID identifies the answer for Huawei Cloud support.
	RequestID string `json:"-"`
	// Attempts is how many requests the read took.
	Attempts int `json:"-"`
	// RetryAfter is the service's Retry-After on this answer, if any: how
	// long it asks a poller to wait.
	RetryAfter time.Duration `json:"-"`
}

// MaxTaskIDLength is the longest task id the API accepts.
const MaxTaskIDLength = 64

// ValidateTaskID rejects ids that the API cannot have issued and that could
// change the request's meaning once in a path: empty or over-long ids, "."
// and "..", and ids with "/", "?", "#", whitespace, control characters or
// invalid UTF-8.
func ValidateTaskID(id string) error {
	n := utf8.RuneCountInString(id)
	switch {
	case id == "":
		return errors.New("must not be empty")
	case n > MaxTaskIDLength:
		return fmt.Errorf("must be at most %d characters", MaxTaskIDLength)
	case id == "." || id == "..":
		return fmt.Errorf("must not be %q", id)
	case !utf8.ValidString(id):
		return errors.New("must be valid UTF-8")
	}
	for _, r := range id {
		switch {
		case r == '/' || r == '?' || r == '#':
			return fmt.Errorf("must not contain %q", r)
		case unicode.IsSpace(r):
			return errors.New("must not contain whitespace")
		case unicode.IsControl(r):
			return errors.New("must not contain control characters")
		}
	}
	return nil
}

// ExportTaskURL is the URL of the "query export task" API for q, with the
// project and task ids path-escaped.
func (c *Client) ExportTaskURL(q ExportTaskQuery) (*url.URL, error) {
	if err := ValidateTaskID(q.TaskID); err != nil {
		return nil, fmt.Errorf("task_id %q %w", q.TaskID, err)
	}
	base, err := c.baseURL(q.Region)
	if err != nil {
		return nil, err
	}
	u := *base
	u.Path = base.Path + "/v5/" + c.projectID + "/export-task/" + q.TaskID
	u.RawPath = base.EscapedPath() + "/v5/" + url.PathEscape(c.projectID) + "/export-task/" + url.PathEscape(q.TaskID)
	if q.EnterpriseProjectID != "" {
		u.RawQuery = "enterprise_project_id=" + url.QueryEscape(q.EnterpriseProjectID)
	}
	return &u, nil
}

// GetExportTask reads one export task, retrying throttling and transient
// failures. Errors are *APIError, *ResponseError, *TransportError, or the
// context's error when ctx ends first.
func (c *Client) GetExportTask(ctx context.Context, q ExportTaskQuery) (*ExportTask, error) {
	u, err := c.ExportTaskURL(q)
	if err != nil {
		return nil, err
	}
	resp, err := c.get(ctx, u, q.Region)
	if err != nil {
		return nil, err
	}
	task, decodeErr := decodeExportTask(resp.body)
	if decodeErr != nil {
		decodeErr.RequestID = resp.requestID
		return nil, decodeErr
	}
	task.RequestID = resp.requestID
	task.Attempts = resp.attempts
	if d, ok := c.retry.retryAfter(resp.header); ok {
		task.RetryAfter = d
	}
	return task, nil
}

// decodeExportTask insists on a JSON object with a string task_status; every
// other field may be missing or null.
func decodeExportTask(body []byte) (*ExportTask, *ResponseError) {
	var raw struct {
		TaskID     *string `json:"task_id"`
		TaskName   *string `json:"task_name"`
		TaskStatus *string `json:"task_status"`
		FileID     *string `json:"file_id"`
		FileName   *string `json:"file_name"`
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, &ResponseError{Reason: "the body is empty"}
	}
	if body[0] != '{' {
		return nil, &ResponseError{Reason: "the body is not a JSON object", Snippet: snippet(body, 120)}
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, &ResponseError{Reason: "the body is not a valid export task: " + err.Error(), Snippet: snippet(body, 120)}
	}
	if raw.TaskStatus == nil || *raw.TaskStatus == "" {
		return nil, &ResponseError{Reason: "the body has no task_status", Snippet: snippet(body, 120)}
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return &ExportTask{
		TaskID:     deref(raw.TaskID),
		TaskName:   deref(raw.TaskName),
		TaskStatus: *raw.TaskStatus,
		FileID:     deref(raw.FileID),
		FileName:   deref(raw.FileName),
	}, nil
}

// response is a successful answer, read whole.
type response struct {
	body      []byte
	header    http.Header
	requestID string
	attempts  int
}

// get sends a GET to u until it succeeds, fails for good, runs out of
// retries or ctx ends.
func (c *Client) get(ctx context.Context, u *url.URL, region string) (*response, error) {
	endpoint := u.Scheme + "://" + u.Host
	for attempt := 1; ; attempt++ {
		res, err := c.attempt(ctx, u, region, attempt)
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
		var retryable bool
		switch {
		case errors.As(err, &respErr):
			return nil, err
		case errors.As(err, &apiErr):
			apiErr.Attempts = attempt
			retryable = retryableStatus(apiErr.StatusCode)
			if d, ok := c.retry.retryAfter(apiErr.header); ok && retryable {
				wait = d
			} else {
				wait = c.retry.backoff(attempt)
			}
		default:
			retryable = isRetryableTransportError(err)
			err = &TransportError{Endpoint: endpoint, Attempts: attempt, Err: err}
			wait = c.retry.backoff(attempt)
		}
		if !retryable || attempt > c.maxRetries {
			return nil, err
		}
		if c.log != nil {
			c.log.Debug(ctx, "retrying HSS request", map[string]any{
				"attempt": attempt, "max_retries": c.maxRetries, "wait": wait.String(), "error": err.Error(),
			})
		}
		if err := c.retry.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("reading %s stopped while waiting to retry after %d attempt(s): %w", endpoint, attempt, err)
		}
	}
}

// attempt sends one request. A non-2xx answer is an *APIError carrying the
// response headers (for Retry-After); no answer at all is the transport's
// error.
func (c *Client) attempt(ctx context.Context, u *url.URL, region string, n int) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()

	// Built directly rather than with http.NewRequest, which would print u
	// and parse it back.
	req := (&http.Request{
		Method: http.MethodGet, URL: u, Host: u.Host, Header: make(http.Header, 8),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}).WithContext(ctx)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Project-Id", c.projectID)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if region != "" {
		req.Header.Set("Region", region)
	}
	if err := c.auth.Authenticate(req, c.retry.now()); err != nil {
		return nil, err
	}

	start := time.Now()
	if c.log != nil {
		c.log.Trace(ctx, "HSS request", map[string]any{
			"method": req.Method, "url": u.String(), "attempt": n, "headers": RedactHeaders(req.Header),
		})
	}
	resp, err := c.http.Do(req)
	if err != nil && errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		err = fmt.Errorf("no answer within %s: %w", c.attemptTimeout, err)
	}
	if err != nil {
		if c.log != nil {
			c.log.Debug(ctx, "HSS request failed", map[string]any{
				"url": u.String(), "attempt": n, "duration": time.Since(start).String(), "error": err.Error(),
			})
		}
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, readErr := readBody(resp.Body)
	requestID := resp.Header.Get("X-Request-Id")
	if c.log != nil {
		c.log.Debug(ctx, "HSS response", map[string]any{
			"url": u.String(), "attempt": n, "status": resp.StatusCode, "request_id": requestID,
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
		return nil, fmt.Errorf("reading the response body: %w", readErr)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := decodeAPIError(resp.StatusCode, resp.Header, body)
		e.header = resp.Header
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
