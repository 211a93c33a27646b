package hss

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
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
	// Region overrides the client's region: it picks the default endpoint.
	// It, or else the client's region, is sent as the region header.
	Region string
	// Kind, when set, names the kind of export the task belongs to, which
	// decides the status endpoint (events have their own); empty means the
	// generic one.
	Kind string
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

// Oddities lists, as sentences, what is strange about an answer to a read
// of task asked: a status this client does not know, another task's id,
// success without a file. None is an error (the answer may still be what
// the caller wants), but each deserves a warning.
func (t *ExportTask) Oddities(asked string) []string {
	var odd []string
	switch t.TaskStatus {
	case StatusRunning, StatusSuccess, StatusFailure:
	default:
		odd = append(odd, fmt.Sprintf("HSS reported status %q for export task %q, which this provider does not know "+
			"(expected running, success or failure). The value is stored as is; a newer provider version may "+
			"understand it", t.TaskStatus, asked))
	}
	if t.TaskID != "" && t.TaskID != asked {
		odd = append(odd, fmt.Sprintf("HSS answered a read of export task %q with task_id %q. The answer is "+
			"stored for %q as it came", asked, t.TaskID, asked))
	}
	if t.TaskStatus == StatusSuccess && t.FileID == "" {
		odd = append(odd, fmt.Sprintf("HSS reported export task %q as success but named no file_id, so there is "+
			"no file to download yet", asked))
	}
	return odd
}

// ExportTaskURL is the URL of the "query export task" API for q in the
// configured project, with the project and task ids checked and escaped.
func (c *Client) ExportTaskURL(q ExportTaskQuery) (*url.URL, error) {
	if c.projectID == "" {
		return nil, errors.New("the project id is looked up at the first read")
	}
	return c.exportTaskURL(q, c.projectID)
}

func (c *Client) exportTaskURL(q ExportTaskQuery, projectID string) (*url.URL, error) {
	base, err := c.baseURL(q.Region)
	if err != nil {
		return nil, err
	}
	var query url.Values
	if q.EnterpriseProjectID != "" {
		query = url.Values{"enterprise_project_id": {q.EnterpriseProjectID}}
	}
	path := []pathPart{literal("export-task"), id("task_id", q.TaskID, MaxTaskIDLength)}
	if q.Kind != "" {
		k, ok := kinds.Named(q.Kind)
		if !ok {
			return nil, fmt.Errorf("kind %q is not one of %s", q.Kind, strings.Join(kinds.Names(), ", "))
		}
		if k.Status == kinds.EventStatus {
			path = append([]pathPart{literal("event")}, path...)
		}
	}
	return apiURL(base, projectID, path, query)
}

// GetExportTask reads one export task, retrying throttling and transient
// failures. Errors are *APIError, *ResponseError, *TransportError,
// *CredentialError (credentials that could not be had from IAM), or the
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
	resp, err := c.t.do(ctx, call{method: http.MethodGet, url: u, idempotent: true, region: c.regionOf(q.Region), projectID: project, auth: c.auth})
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
	if d, ok := c.t.retry.retryAfter(resp.header); ok {
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
