package hss

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// Starting an export: the request is checked against its kind in kinds.All,
// then built from it (query, body, header), then POSTed once — a start is
// not idempotent, so it is repeated only when it certainly did not reach
// HSS (see retryPolicy.next).

// ExportRequest is an export to start.
type ExportRequest struct {
	// Kind names an entry of kinds.All.
	Kind string
	// Headers are the columns, [key, title] pairs; nil when none are given.
	Headers [][2]string
	// ExportSize is the kind's export_size, when given.
	ExportSize *int64
	// Filters are the kind's other parameters by their API names, in
	// natural types: string, bool, a number (int64, float64 or *big.Float),
	// []any, map[string]any. Unknown marks a value not known yet (at plan
	// time), which is not checked.
	Filters map[string]any
	// EnterpriseProjectID is sent as enterprise_project_id when not empty.
	EnterpriseProjectID string
	// Region overrides the client's; it, or else the client's, is sent as
	// the region header.
	Region string
	// Unknown names what is not known yet at plan time ("headers",
	// "export_size", "filters"): ValidateExport does not check it.
	Unknown map[string]bool
}

// Unknown stands for a filter value that is not known yet.
var Unknown = unknownValue{}

type unknownValue struct{}

// ExportProblem is one thing wrong with an ExportRequest.
type ExportProblem struct {
	// Field is what is wrong: "kind", "headers", "export_size", "region",
	// or a filter's name (with the path into it, such as
	// "create_time.start_time").
	Field string
	// Message reads as the end of a sentence that starts with Field.
	Message string
}

func (p ExportProblem) Error() string { return p.Field + " " + p.Message }

// exportCall is the request of an export, checked: its query, its JSON
// body and its region header.
type exportCall struct {
	kind   kinds.Kind
	query  url.Values
	body   []byte
	region string
}

// buildExport checks r and builds its request.
func (c *Client) buildExport(r ExportRequest) (*exportCall, error) {
	region := c.regionOf(r.Region)
	if problems := ValidateExport(r, region != ""); len(problems) > 0 {
		return nil, &InvalidExportError{Problems: problems}
	}
	k, _ := kinds.Named(r.Kind)
	if k.Region == kinds.NoRegion {
		// The SDK sends no region header with this operation.
		region = ""
	}
	ec := &exportCall{kind: k, query: url.Values{}, region: region}
	if r.EnterpriseProjectID != "" {
		ec.query.Set("enterprise_project_id", r.EnterpriseProjectID)
	}
	body := map[string]any{}
	values := map[string]any{}
	for name, v := range r.Filters {
		values[name] = v
	}
	if r.ExportSize != nil {
		values["export_size"] = *r.ExportSize
	}
	for _, p := range k.Params {
		v, ok := values[p.Name]
		if !ok {
			if p.Default == nil {
				continue
			}
			v = p.Default
		}
		v = coerce(p, v)
		switch p.In {
		case kinds.InQuery:
			for _, s := range queryValues(v) {
				ec.query.Add(p.Name, s)
			}
		case kinds.InBody:
			body[p.Name] = jsonValue(v)
		}
	}
	headers := make([][]string, len(r.Headers))
	for i, h := range r.Headers {
		headers[i] = []string{h[0], h[1]}
	}
	var payload any = body
	switch k.Headers {
	case kinds.HeadersBareBody:
		payload = headers
	case kinds.HeadersField:
		if r.Headers != nil {
			body[k.HeadersField] = headers
		}
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	ec.body = b
	return ec, nil
}

// queryValues is v as query values: one per element of a list.
func queryValues(v any) []string {
	if list, ok := v.([]any); ok {
		out := make([]string, 0, len(list))
		for _, e := range list {
			out = append(out, queryValues(e)...)
		}
		return out
	}
	switch x := jsonValue(v).(type) {
	case string:
		return []string{x}
	case bool:
		return []string{strconv.FormatBool(x)}
	case int64:
		return []string{strconv.FormatInt(x, 10)}
	}
	return []string{fmt.Sprint(v)}
}

// jsonValue is v as it goes into the JSON body: numbers as whole numbers.
func jsonValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	}
	if i, ok := wholeNumber(v); ok {
		return i
	}
	return v
}

// InvalidExportError is an ExportRequest that does not fit its kind; no
// request was sent.
type InvalidExportError struct {
	Problems []ExportProblem
}

func (e *InvalidExportError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return "invalid export: " + strings.Join(msgs, "; ")
}

// ExportStarted is what HSS answers to a started export.
type ExportStarted struct {
	TaskID string
	// RecordTotalNum is how many records the export holds, for the kinds
	// that say; nil otherwise.
	RecordTotalNum *int64
	RequestID      string
}

// StartExport checks r against its kind and POSTs it, once: it is
// repeated only when it certainly did not reach HSS, and a failure after
// it may have is an *OutcomeUnknownError (errors.Is ErrOutcomeUnknown).
// Other errors are *InvalidExportError (nothing sent), *APIError,
// *ResponseError, *TransportError, *CredentialError or the context's.
func (c *Client) StartExport(ctx context.Context, r ExportRequest) (*ExportStarted, error) {
	ec, err := c.buildExport(r)
	if err != nil {
		return nil, err
	}
	project, err := c.project(ctx, r.Region)
	if err != nil {
		return nil, err
	}
	base, err := c.baseURL(r.Region)
	if err != nil {
		return nil, err
	}
	var path []pathPart
	for _, seg := range strings.Split(strings.Trim(ec.kind.Path, "/"), "/") {
		path = append(path, literal(seg))
	}
	u, err := apiURL(base, project, path, ec.query)
	if err != nil {
		return nil, err
	}
	resp, err := c.t.do(ctx, call{method: http.MethodPost, url: u, body: ec.body, region: ec.region, projectID: project, auth: c.auth})
	if err != nil {
		return nil, err
	}
	var out struct {
		TaskID         *string `json:"task_id"`
		RecordTotalNum *int64  `json:"record_total_num"`
	}
	if err := json.Unmarshal(resp.body, &out); err != nil || out.TaskID == nil {
		// The export may have started; what it is called is unknown.
		return nil, &OutcomeUnknownError{Err: &ResponseError{Reason: "the answer names no task_id", RequestID: resp.requestID,
			Snippet: c.t.secrets.redact(snippet(resp.body, 120))}}
	}
	if err := ValidateTaskID(*out.TaskID); err != nil {
		return nil, &OutcomeUnknownError{Err: &ResponseError{Reason: fmt.Sprintf("the answer's task_id %q %s", *out.TaskID, err),
			RequestID: resp.requestID}}
	}
	return &ExportStarted{TaskID: *out.TaskID, RecordTotalNum: out.RecordTotalNum, RequestID: resp.requestID}, nil
}
