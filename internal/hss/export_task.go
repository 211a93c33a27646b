package hss

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// ExportTaskURL is the URL of the "query export task" API for q in the
// configured project, with the project and task ids path-escaped.
func (c *Client) ExportTaskURL(q ExportTaskQuery) (*url.URL, error) {
	if c.projectID == "" {
		return nil, errors.New("the project id is looked up at the first read")
	}
	if err := ValidateTaskID(q.TaskID); err != nil {
		return nil, fmt.Errorf("task_id %q %w", q.TaskID, err)
	}
	return c.exportTaskURL(q, c.projectID)
}

// exportTaskURL builds the URL for a task id already validated.
func (c *Client) exportTaskURL(q ExportTaskQuery, projectID string) (*url.URL, error) {
	base, err := c.baseURL(q.Region)
	if err != nil {
		return nil, err
	}
	u := *base
	u.Path = base.Path + "/v5/" + projectID + "/export-task/" + q.TaskID
	u.RawPath = base.EscapedPath() + "/v5/" + url.PathEscape(projectID) + "/export-task/" + url.PathEscape(q.TaskID)
	if q.EnterpriseProjectID != "" {
		u.RawQuery = "enterprise_project_id=" + url.QueryEscape(q.EnterpriseProjectID)
	}
	return &u, nil
}

// GetExportTask reads one export task, retrying throttling and transient
// failures. Errors are *APIError, *ResponseError, *TransportError, or the
// context's error when ctx ends first.
func (c *Client) GetExportTask(ctx context.Context, q ExportTaskQuery) (*ExportTask, error) {
	if err := ValidateTaskID(q.TaskID); err != nil {
		return nil, fmt.Errorf("task_id %q %w", q.TaskID, err)
	}
	project, err := c.project(ctx, q.Region)
	if err != nil {
		return nil, err
	}
	u, err := c.exportTaskURL(q, project)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: http.MethodGet, url: u, region: q.Region, projectID: project, auth: c.auth})
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
