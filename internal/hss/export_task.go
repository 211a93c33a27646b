package hss

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
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
	// It, or else the client's region, is sent as the region header where
	// the SDK models one (the generic status endpoint).
	Region string
	// Kind, when set, names the kind of export the task belongs to: a hint
	// of where to read it first (events have their own status endpoint).
	// A task the first endpoint does not know is looked for at the others.
	Kind string
	// KindFromUser: the user gave Kind (the data source's kind), so a task
	// found elsewhere says their kind may be wrong; otherwise Kind is the
	// export's own and the guess of where it is read is the kinds table's,
	// which a task found elsewhere asks the maintainers to correct.
	KindFromUser bool
	// At, when set, is where an earlier read found the task: it is read
	// there only.
	At TaskEndpoint
}

// TaskEndpoint is a place an export task can be read at.
type TaskEndpoint int

// The places a task is read at.
const (
	// Anywhere: where Kind says first, then the others.
	Anywhere TaskEndpoint = iota
	// GenericEndpoint: GET /v5/{project_id}/export-task/{task_id}
	// (the SDK's ListQueryExportTask).
	GenericEndpoint
	// EventEndpoint: GET /v5/{project_id}/event/export-task/{task_id}
	// (ShowExportTask).
	EventEndpoint
	// LatestByTypeEndpoint: GET /v5/{project_id}/export-task?task_id=…
	// &export_task_type=… (ShowLatestExportTaskByType), for kinds whose
	// export_task_type is known.
	LatestByTypeEndpoint
)

func (e TaskEndpoint) String() string {
	return [...]string{"anywhere", "GET /v5/{project_id}/export-task/{task_id}",
		"GET /v5/{project_id}/event/export-task/{task_id}",
		"GET /v5/{project_id}/export-task?task_id={task_id}&export_task_type={type}"}[e]
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
	// At is where the task was found; later reads of it go there (At of
	// ExportTaskQuery).
	At TaskEndpoint `json:"-"`
	// Elsewhere, when set, says that the task was not where its kind said
	// it would be: a sentence for a warning, so that the table gets fixed.
	Elsewhere string `json:"-"`
}

// Oddities lists, as sentences, what is strange about an answer to a read
// of task asked: a status this client does not know, another task's id,
// success without a file, a task found at another endpoint than its kind's.
// None is an error (the answer may still be what the caller wants), but
// each deserves a warning.
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
	if t.Elsewhere != "" {
		odd = append(odd, t.Elsewhere)
	}
	return odd
}

// The orders a task is looked for in, built once: a read is on the hot
// path of a plan of many reads.
var (
	// genericThenType lists every endpoint, in the order of the constants:
	// the lone endpoint of a task found before is a slice of it.
	genericThenType = []TaskEndpoint{GenericEndpoint, EventEndpoint, LatestByTypeEndpoint}
	genericFirst    = genericThenType[:2]
	eventFirst      = []TaskEndpoint{EventEndpoint, GenericEndpoint}
	eventThenType   = []TaskEndpoint{EventEndpoint, GenericEndpoint, LatestByTypeEndpoint}
)

// taskEndpoints lists where q's task is looked for, in order.
func taskEndpoints(q ExportTaskQuery) ([]TaskEndpoint, error) {
	if q.At != Anywhere {
		return genericThenType[q.At-1 : q.At], nil
	}
	if q.Kind == "" {
		return genericFirst, nil
	}
	k, ok := kinds.Named(q.Kind)
	if !ok {
		return nil, fmt.Errorf("kind %q is not one of %s", q.Kind, strings.Join(kinds.Names(), ", "))
	}
	switch {
	case k.Status == kinds.EventStatus && k.TaskType != "":
		return eventThenType, nil
	case k.Status == kinds.EventStatus:
		return eventFirst, nil
	case k.TaskType != "":
		return genericThenType, nil
	}
	return genericFirst, nil
}

// ExportTaskURL is the URL of the first place q's task is read at, in the
// configured project, with the project and task ids checked and escaped.
func (c *Client) ExportTaskURL(q ExportTaskQuery) (*url.URL, error) {
	if c.projectID == "" {
		return nil, errors.New("the project id is looked up at the first read")
	}
	at, err := taskEndpoints(q)
	if err != nil {
		return nil, err
	}
	return c.exportTaskURL(q, at[0], c.projectID)
}

func (c *Client) exportTaskURL(q ExportTaskQuery, at TaskEndpoint, projectID string) (*url.URL, error) {
	base, err := c.baseURL(q.Region)
	if err != nil {
		return nil, err
	}
	var query url.Values // nil, no map, for most reads
	if q.EnterpriseProjectID != "" {
		query = url.Values{"enterprise_project_id": {q.EnterpriseProjectID}}
	}
	var path []pathPart
	switch at {
	case EventEndpoint:
		path = []pathPart{literal("event"), literal("export-task"), id("task_id", q.TaskID, MaxTaskIDLength)}
	case LatestByTypeEndpoint:
		k, _ := kinds.Named(q.Kind)
		if query == nil {
			query = url.Values{}
		}
		path = []pathPart{literal("export-task")}
		query.Set("task_id", q.TaskID)
		query.Set("export_task_type", k.TaskType)
	default:
		path = []pathPart{literal("export-task"), id("task_id", q.TaskID, MaxTaskIDLength)}
	}
	return apiURL(base, projectID, path, query)
}

// GetExportTask reads one export task, retrying throttling and transient
// failures. A task that the first endpoint does not know (HSS.0011), or
// whose endpoint is not published in the region (404 APIGW.0101, or a 404
// with no HSS error code), is looked for at the others (see
// ExportTaskQuery.Kind); the answer says where it was found. Errors are
// *APIError, *ResponseError, *TransportError, *CredentialError
// (credentials that could not be had from IAM), or the context's error
// when ctx ends first. When no endpoint has the task, an HSS.0011 from any
// of them wins (the task is gone: an unpublished endpoint says nothing
// about it); otherwise the first endpoint's error.
func (c *Client) GetExportTask(ctx context.Context, q ExportTaskQuery) (*ExportTask, error) {
	if err := ValidateTaskID(q.TaskID); err != nil {
		return nil, fmt.Errorf("task_id %q %w", q.TaskID, err)
	}
	order, err := taskEndpoints(q)
	if err != nil {
		return nil, err
	}
	project, err := c.project(ctx, q.Region)
	if err != nil {
		return nil, err
	}
	var first, notFound error
	var unpublished []TaskEndpoint
	for _, at := range order {
		task, err := c.readTaskAt(ctx, q, at, project)
		if err == nil {
			task.Elsewhere = foundElsewhere(q, order[0], at, unpublished)
			return task, nil
		}
		if first == nil {
			first = err
		}
		switch {
		case errors.Is(err, ErrNotFound):
			notFound = cmp.Or(notFound, err)
		case unpublishedEndpoint(err):
			unpublished = append(unpublished, at)
		default:
			return nil, err
		}
	}
	return nil, cmp.Or(notFound, first)
}

// unpublishedEndpoint says whether err is a gateway's 404 for an API it
// does not serve here: APIGW.0101, or a 404 without an HSS error code.
func unpublishedEndpoint(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && !strings.HasPrefix(apiErr.Code, "HSS.")
}

// foundElsewhere says why a task found at at, not at first, was not where
// it was looked for first, and whose the guess was; empty when it was found
// first, or when no kind said where to look.
func foundElsewhere(q ExportTaskQuery, first, at TaskEndpoint, unpublished []TaskEndpoint) string {
	switch {
	case at == first:
		return ""
	case slices.Contains(unpublished, first):
		return fmt.Sprintf("The status endpoint %s is not published in this region (HTTP 404); export task %q was read at %s "+
			"instead. Nothing needs to change", first, q.TaskID, at)
	case q.Kind == "":
		return ""
	case q.KindFromUser:
		return fmt.Sprintf("Export task %q was not found at %s, where tasks of kind %q are read, but at %s: check that "+
			"kind = %q is right for this task", q.TaskID, first, q.Kind, at, q.Kind)
	}
	return fmt.Sprintf("Export task %q was not known at %s, where this provider looks first for kind %q, but was found "+
		"at %s, where it is read from now on. Please report this to the provider's maintainers, so that the table of "+
		"status endpoints can be corrected", q.TaskID, first, q.Kind, at)
}

// readTaskAt reads q's task at one endpoint.
func (c *Client) readTaskAt(ctx context.Context, q ExportTaskQuery, at TaskEndpoint, project string) (*ExportTask, error) {
	u, err := c.exportTaskURL(q, at, project)
	if err != nil {
		return nil, err
	}
	region := ""
	if at == GenericEndpoint {
		// The SDK models the region header here only.
		region = c.regionOf(q.Region)
	}
	resp, err := c.t.do(ctx, call{method: http.MethodGet, url: u, idempotent: true, region: region, projectID: project, auth: c.auth})
	if err != nil {
		return nil, err
	}
	task, decodeErr := decodeExportTask(resp.body, c.ServerText)
	if decodeErr != nil {
		decodeErr.RequestID = resp.requestID
		return nil, decodeErr
	}
	task.RequestID = resp.requestID
	task.Attempts = resp.attempts
	task.At = at
	if d, ok := c.t.retry.retryAfter(resp.header); ok {
		task.RetryAfter = d
	}
	return task, nil
}

// decodeExportTask insists on a JSON object with a string task_status; every
// other field may be missing or null. Each string, once decoded, passes
// through text (Client.ServerText), and so does the start of a body that
// is not a task.
func decodeExportTask(body []byte, text func(string) string) (*ExportTask, *ResponseError) {
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
		return nil, &ResponseError{Reason: "the body is not a JSON object", Snippet: text(snippet(body, 120))}
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, &ResponseError{Reason: "the body is not a valid export task: " + err.Error(), Snippet: text(snippet(body, 120))}
	}
	if raw.TaskStatus == nil || *raw.TaskStatus == "" {
		return nil, &ResponseError{Reason: "the body has no task_status", Snippet: text(snippet(body, 120))}
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return &ExportTask{
		TaskID:     text(deref(raw.TaskID)),
		TaskName:   text(deref(raw.TaskName)),
		TaskStatus: text(*raw.TaskStatus),
		FileID:     text(deref(raw.FileID)),
		FileName:   text(deref(raw.FileName)),
	}, nil
}
