package hsssim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// The export operations: one POST route per kind of the shared table
// (internal/hss/kinds, declarative facts only), each request checked
// against its entry with the simulator's own parsing. A valid request
// starts a task that runs for a while, then succeeds with a file (or
// fails, for the kinds FailExports names).

// RouteExport is the route of kind's export operation, as faults can
// target it.
func RouteExport(kind string) string {
	k, _ := kinds.Named(kind)
	return "POST /v5/{project_id}" + k.Path
}

// Export is a started export, as the simulator recorded it.
type Export struct {
	Kind, TaskID string
	Query        map[string][]string
	Body         any
	Region       string
}

// Exports lists the exports started so far.
func (s *Simulator) Exports() []Export {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Export(nil), s.exports...)
}

// FailExports makes the exports of these kinds end in failure.
func (s *Simulator) FailExports(kindNames ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing = append(s.failing, kindNames...)
}

func (s *Simulator) routeExports() {
	for _, k := range kinds.All {
		s.routeHSS(RouteExport(k.Name), func(w http.ResponseWriter, r *http.Request, _ string) (int, string) {
			return s.startExport(w, r, k), ""
		})
	}
}

// startExport checks a request against its kind and starts a task.
func (s *Simulator) startExport(w http.ResponseWriter, r *http.Request, k kinds.Kind) int {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return hssError(w, http.StatusBadRequest, "HSS.0002", "The request body could not be read")
	}
	var body any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			return hssError(w, http.StatusBadRequest, "HSS.0002", "The request body is not JSON")
		}
	}
	query := gatewayQuery(r.URL.RawQuery)
	if name, msg := checkExport(k, r, query, body); name != "" {
		return hssError(w, http.StatusBadRequest, "HSS.0001", "Invalid parameter: "+name+": "+msg)
	}

	s.mu.Lock()
	s.exportNo++
	no := s.exportNo
	taskID := fmt.Sprintf("sim-task-%06d", no)
	t := Task{ID: taskID, Kind: k.Name, Name: k.Name + "_export_task", Status: "success", RunningPolls: s.cfg.ExportRunningPolls,
		FileID: fmt.Sprintf("sim-file-%06d", no), FileName: fmt.Sprintf("hss-%s-%06d.zip", strings.ReplaceAll(k.Name, "_", "-"), no),
		EnterpriseProjectID: query.Get("enterprise_project_id")}
	if slices.Contains(s.failing, k.Name) {
		t.Status, t.FileID, t.FileName = "failure", "", ""
	}
	s.exports = append(s.exports, Export{Kind: k.Name, TaskID: taskID, Query: query, Body: body, Region: r.Header.Get("Region")})
	if t.FileID != "" {
		s.files[t.FileID] = exportFile{columns: columnsOf(k, body)}
	}
	s.mu.Unlock()
	s.AddTask(t)

	answer := map[string]any{"task_id": taskID}
	if k.RecordTotal {
		answer["record_total_num"] = 42
	}
	return writeJSON(w, http.StatusOK, answer)
}

// checkExport returns the first parameter that does not fit k, and why.
func checkExport(k kinds.Kind, r *http.Request, query url.Values, body any) (string, string) {
	for name := range query {
		if p, ok := k.Param(name); name != "enterprise_project_id" && (!ok || p.In != kinds.InQuery) {
			return name, "not a query parameter of " + k.Operation
		}
	}
	if k.Region == kinds.RegionRequired && r.Header.Get("Region") == "" {
		return "region", "the region header is required"
	}
	var fields map[string]any
	switch k.Headers {
	case kinds.HeadersBareBody:
		if name, msg := checkColumns(k, body, true); name != "" {
			return name, msg
		}
	default:
		if body == nil {
			// The SDK sends no body when its request has none; HSS takes
			// that as an empty one.
			body = map[string]any{}
		}
		obj, ok := body.(map[string]any)
		if !ok {
			return "body", "must be a JSON object"
		}
		fields = obj
		if k.Headers == kinds.HeadersField {
			cols, present := obj[k.HeadersField]
			if name, msg := checkColumns(k, cols, present); name != "" {
				return name, msg
			}
		}
		for name := range obj {
			if p, ok := k.Param(name); name != k.HeadersField && (!ok || p.In != kinds.InBody) {
				return name, "not a body field of " + k.Operation
			}
		}
	}
	for _, p := range k.Params {
		var msg string
		switch p.In {
		case kinds.InQuery:
			vs, ok := query[p.Name]
			if !ok {
				if p.Required {
					return p.Name, "is required"
				}
				continue
			}
			msg = checkQueryValues(p, vs)
		case kinds.InBody:
			v, ok := fields[p.Name]
			if !ok {
				if p.Required {
					return p.Name, "is required"
				}
				continue
			}
			msg = checkJSON(p, v)
		}
		if msg != "" {
			return p.Name, msg
		}
	}
	return "", ""
}

// checkColumns checks the [key, title] pairs of an export.
func checkColumns(k kinds.Kind, v any, present bool) (string, string) {
	name := k.HeadersField
	if k.Headers == kinds.HeadersBareBody {
		name = "body"
	}
	if !present || v == nil {
		if k.HeadersRequired {
			return name, "is required"
		}
		return "", ""
	}
	list, ok := v.([]any)
	if !ok || (k.HeadersRequired && len(list) == 0) {
		return name, "must be a list of [key, title] pairs"
	}
	for _, e := range list {
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			return name, "must be a list of [key, title] pairs"
		}
		for _, s := range pair {
			if _, ok := s.(string); !ok {
				return name, "must be a list of [key, title] pairs of strings"
			}
		}
	}
	return "", ""
}

// checkQueryValues checks the values a query parameter was sent with.
func checkQueryValues(p kinds.Param, vs []string) string {
	if p.Type != kinds.StringList && p.Type != kinds.IntList && len(vs) > 1 {
		return "is given more than once"
	}
	for _, v := range vs {
		var parsed any = v
		switch p.Type {
		case kinds.Int, kinds.IntList:
			i, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return "must be a whole number"
			}
			parsed = float64(i)
		case kinds.Bool:
			if v != "true" && v != "false" {
				return "must be true or false"
			}
			parsed = v == "true"
		}
		elem := p
		elem.Type = scalarOf(p.Type)
		if msg := checkJSON(elem, parsed); msg != "" {
			return msg
		}
	}
	return ""
}

func scalarOf(t kinds.Type) kinds.Type {
	switch t {
	case kinds.StringList:
		return kinds.String
	case kinds.IntList:
		return kinds.Int
	}
	return t
}

// checkJSON checks a value as it came in the JSON body.
func checkJSON(p kinds.Param, v any) string {
	switch p.Type {
	case kinds.String:
		s, ok := v.(string)
		if !ok {
			return "must be a string"
		}
		n := int64(utf8.RuneCountInString(s))
		if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
			return fmt.Sprintf("%q is not one of %s", s, strings.Join(p.Enum, ", "))
		}
		if (p.Min != nil && n < *p.Min) || (p.Max != nil && n > *p.Max) {
			return "has the wrong length"
		}
	case kinds.Int:
		f, ok := v.(float64)
		if !ok || f != float64(int64(f)) {
			return "must be a whole number"
		}
		if lo, hi := p.IntRange(); (lo != nil && int64(f) < *lo) || (hi != nil && int64(f) > *hi) {
			return "is out of range"
		}
	case kinds.Bool:
		if _, ok := v.(bool); !ok {
			return "must be true or false"
		}
	case kinds.StringList, kinds.IntList:
		list, ok := v.([]any)
		if !ok {
			return "must be a list"
		}
		if n := int64(len(list)); (p.MinItems != nil && n < *p.MinItems) || (p.MaxItems != nil && n > *p.MaxItems) {
			return "has the wrong number of elements"
		}
		elem := p
		elem.Type = scalarOf(p.Type)
		for _, e := range list {
			if msg := checkJSON(elem, e); msg != "" {
				return msg
			}
		}
	case kinds.Object:
		return checkJSONObject(p, v)
	case kinds.ObjectList:
		list, ok := v.([]any)
		if !ok {
			return "must be a list of objects"
		}
		for _, e := range list {
			if msg := checkJSONObject(p, e); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func checkJSONObject(p kinds.Param, v any) string {
	obj, ok := v.(map[string]any)
	if !ok {
		return "must be an object"
	}
	for name, fv := range obj {
		i := slices.IndexFunc(p.Fields, func(f kinds.Param) bool { return f.Name == name })
		if i < 0 {
			return "has no field " + name
		}
		if msg := checkJSON(p.Fields[i], fv); msg != "" {
			return name + " " + msg
		}
	}
	for _, f := range p.Fields {
		if _, ok := obj[f.Name]; f.Required && !ok {
			return f.Name + " is required"
		}
	}
	return ""
}
