package hss

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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

// ValidateExport checks r against its kind: the kind exists, every filter
// is one of its parameters with the right type, within its enum or range,
// every required parameter is there, and the columns are pairs. hasRegion
// says whether a region will be sent (the request's or the client's).
func ValidateExport(r ExportRequest, hasRegion bool) []ExportProblem {
	k, ok := kinds.Named(r.Kind)
	if !ok {
		return []ExportProblem{{"kind", fmt.Sprintf("must be one of %s; got %q", strings.Join(kinds.Names(), ", "), r.Kind)}}
	}
	var problems []ExportProblem
	add := func(field, format string, args ...any) {
		problems = append(problems, ExportProblem{field, fmt.Sprintf(format, args...)})
	}
	switch {
	case r.Unknown["headers"]:
	case k.Headers == kinds.NoHeaders && r.Headers != nil:
		add("headers", "must not be set: kind %q takes no columns", k.Name)
	case k.HeadersRequired && r.Headers != nil && len(r.Headers) == 0:
		add("headers", "must list at least one [key, title] pair for kind %q", k.Name)
	case k.HeadersRequired && r.Headers == nil:
		add("headers", "is required for kind %q: a list of [key, title] pairs such as [[\"host_name\", \"Server\"]]", k.Name)
	}
	for i, h := range r.Headers {
		if h[0] == "" {
			add("headers", "pair %d has an empty key", i)
		}
	}
	if k.RegionRequired && !hasRegion {
		add("region", "is required for kind %q (HSS requires its region header): set region here or on the provider", k.Name)
	}
	if r.ExportSize != nil {
		if p, ok := k.Param("export_size"); !ok {
			add("export_size", "must not be set: kind %q has no export_size", k.Name)
		} else if msg := checkValue(p, *r.ExportSize); msg != "" {
			add("export_size", "%s", msg)
		}
	}
	names := make([]string, 0, len(r.Filters))
	for name := range r.Filters {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p, ok := k.Param(name)
		switch {
		case !ok || name == "export_size":
			add(name, "is not a filter of kind %q; its filters are %s", k.Name, strings.Join(filterNames(k), ", "))
		default:
			problems = append(problems, checkParam(name, p, r.Filters[name])...)
		}
	}
	for _, p := range k.Params {
		_, given := r.Filters[p.Name]
		given = given || r.Unknown["filters"]
		if p.Name == "export_size" {
			given = r.ExportSize != nil || r.Unknown["export_size"]
		}
		if p.Required && !given && p.Default == nil {
			where := "filters"
			if p.Name == "export_size" {
				where = "export_size"
			}
			add(p.Name, "is required for kind %q (set it in %s)", k.Name, where)
		}
	}
	return problems
}

// filterNames lists a kind's filters: its parameters but export_size.
func filterNames(k kinds.Kind) []string {
	var names []string
	for _, p := range k.Params {
		if p.Name != "export_size" {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return []string{"(none)"}
	}
	return names
}

// checkParam checks one value against its parameter, naming field.
func checkParam(field string, p kinds.Param, v any) []ExportProblem {
	if v == Unknown {
		return nil
	}
	bad := func(format string, args ...any) []ExportProblem {
		return []ExportProblem{{field, fmt.Sprintf(format, args...)}}
	}
	switch p.Type {
	case kinds.String, kinds.Int, kinds.Bool:
		if msg := checkValue(p, v); msg != "" {
			return bad("%s", msg)
		}
	case kinds.StringList, kinds.IntList:
		list, ok := v.([]any)
		if !ok {
			return bad("must be a %s, got %s", p.Type, describe(v))
		}
		elem := p
		elem.Type = kinds.String
		if p.Type == kinds.IntList {
			elem.Type = kinds.Int
		}
		var problems []ExportProblem
		for i, e := range list {
			if e == Unknown {
				continue
			}
			if msg := checkValue(elem, e); msg != "" {
				problems = append(problems, ExportProblem{fmt.Sprintf("%s[%d]", field, i), msg})
			}
		}
		return problems
	case kinds.Object:
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("must be an object with %s, got %s", fieldNames(p.Fields), describe(v))
		}
		return checkObject(field, p.Fields, obj)
	case kinds.ObjectList:
		list, ok := v.([]any)
		if !ok {
			return bad("must be a list of objects with %s, got %s", fieldNames(p.Fields), describe(v))
		}
		var problems []ExportProblem
		for i, e := range list {
			obj, ok := e.(map[string]any)
			if !ok {
				problems = append(problems, ExportProblem{fmt.Sprintf("%s[%d]", field, i),
					fmt.Sprintf("must be an object with %s, got %s", fieldNames(p.Fields), describe(e))})
				continue
			}
			problems = append(problems, checkObject(fmt.Sprintf("%s[%d]", field, i), p.Fields, obj)...)
		}
		return problems
	}
	return nil
}

func checkObject(field string, fields []kinds.Param, obj map[string]any) []ExportProblem {
	var problems []ExportProblem
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		i := slices.IndexFunc(fields, func(f kinds.Param) bool { return f.Name == k })
		if i < 0 {
			problems = append(problems, ExportProblem{field + "." + k, fmt.Sprintf("is not a field of %s; its fields are %s", field, fieldNames(fields))})
			continue
		}
		problems = append(problems, checkParam(field+"."+k, fields[i], obj[k])...)
	}
	for _, f := range fields {
		if _, ok := obj[f.Name]; f.Required && !ok {
			problems = append(problems, ExportProblem{field + "." + f.Name, "is required"})
		}
	}
	return problems
}

func fieldNames(fields []kinds.Param) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// checkValue checks a scalar against p: its type, enum and range. It
// returns "" when the value is fine.
func checkValue(p kinds.Param, v any) string {
	switch p.Type {
	case kinds.String:
		s, ok := v.(string)
		if !ok {
			return "must be a string, got " + describe(v)
		}
		n := int64(utf8.RuneCountInString(s))
		switch {
		case len(p.Enum) > 0 && !slices.Contains(p.Enum, s):
			return fmt.Sprintf("must be one of %s; got %q", strings.Join(p.Enum, ", "), s)
		case p.Min != nil && n < *p.Min, p.Max != nil && n > *p.Max:
			return fmt.Sprintf("must be %s characters long; got %d", bounds(p), n)
		case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			return "must not contain control characters"
		}
	case kinds.Int:
		i, ok := wholeNumber(v)
		if !ok {
			return "must be a whole number, got " + describe(v)
		}
		if (p.Min != nil && i < *p.Min) || (p.Max != nil && i > *p.Max) {
			return fmt.Sprintf("must be %s; got %d", bounds(p), i)
		}
	case kinds.Bool:
		if _, ok := v.(bool); !ok {
			return "must be true or false, got " + describe(v)
		}
	}
	return ""
}

func bounds(p kinds.Param) string {
	switch {
	case p.Min != nil && p.Max != nil:
		return fmt.Sprintf("between %d and %d", *p.Min, *p.Max)
	case p.Min != nil:
		return fmt.Sprintf("at least %d", *p.Min)
	case p.Max != nil:
		return fmt.Sprintf("at most %d", *p.Max)
	}
	return "any"
}

// wholeNumber is v as an int64 when it is a whole number that fits.
func wholeNumber(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true
		}
	case *big.Float:
		if x != nil && x.IsInt() {
			if i, acc := x.Int64(); acc == big.Exact {
				return i, true
			}
		}
	}
	return 0, false
}

// describe names what a value is, for a message.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	case int64, int, float64:
		return fmt.Sprint(x)
	case *big.Float:
		return x.Text('g', -1)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

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
			Snippet: snippet(resp.body, 120)}}
	}
	if err := ValidateTaskID(*out.TaskID); err != nil {
		return nil, &OutcomeUnknownError{Err: &ResponseError{Reason: fmt.Sprintf("the answer's task_id %q %s", *out.TaskID, err),
			RequestID: resp.requestID}}
	}
	return &ExportStarted{TaskID: *out.TaskID, RecordTotalNum: out.RecordTotalNum, RequestID: resp.requestID}, nil
}
