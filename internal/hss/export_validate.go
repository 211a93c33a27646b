package hss

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// Checking an ExportRequest against its kind, before anything is sent: the
// provider calls ValidateExport at plan time, StartExport again at apply.

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
	if k.MaxHeaders > 0 && len(r.Headers) > k.MaxHeaders {
		add("headers", "must list at most %d pairs for kind %q; got %d", k.MaxHeaders, k.Name, len(r.Headers))
	}
	if k.Region == kinds.RegionRequired && !hasRegion {
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
		i := slices.IndexFunc(k.Deprecated, func(d kinds.Deprecated) bool { return d.Name == name })
		switch {
		case i >= 0:
			add(name, "is deprecated by HSS for kind %q (the SDK marks it so); use %s instead", k.Name, k.Deprecated[i].Instead)
		case !ok || name == "export_size":
			add(name, "is not a filter of kind %q; its filters are %s", k.Name, strings.Join(filterNames(k), ", "))
		default:
			problems = append(problems, checkParam(name, p, coerce(p, r.Filters[name]))...)
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
	return append(problems, checkRules(k, r)...)
}

// checkRules checks the rules between a kind's parameters (Spans,
// Exclusive) among the values given and known.
func checkRules(k kinds.Kind, r ExportRequest) []ExportProblem {
	var problems []ExportProblem
	known := func(name string) (any, bool) {
		v, ok := r.Filters[name]
		p, _ := k.Param(name)
		return coerce(p, v), ok && v != Unknown
	}
	for _, group := range k.Exclusive {
		if _, ok := known(group[0]); !ok {
			continue
		}
		for _, other := range group[1:] {
			if _, ok := known(other); ok {
				problems = append(problems, ExportProblem{other, fmt.Sprintf("must not be set together with %s for kind %q", group[0], k.Name)})
			}
		}
	}
	for _, sp := range k.Spans {
		fv, ok1 := known(sp.From)
		tv, ok2 := known(sp.To)
		from, okF := wholeNumber(fv)
		to, okT := wholeNumber(tv)
		if !ok1 || !ok2 || !okF || !okT {
			continue
		}
		switch {
		case to < from:
			problems = append(problems, ExportProblem{sp.To, fmt.Sprintf("must not be before %s (%d); got %d", sp.From, from, to)})
		case to-from > sp.Max:
			problems = append(problems, ExportProblem{sp.To, fmt.Sprintf("must be at most %s after %s for kind %q; got %d ms after",
				sp.Says, sp.From, k.Name, to-from)})
		}
	}
	return problems
}

// ColumnWarnings lists, as sentences, the column keys of r that its kind
// is not known to take (Kind.Columns): warnings, since the lists may be
// incomplete.
func ColumnWarnings(r ExportRequest) []string {
	k, ok := kinds.Named(r.Kind)
	if !ok || len(k.Columns) == 0 {
		return nil
	}
	var out []string
	for _, h := range r.Headers {
		if h[0] != "" && !slices.Contains(k.Columns, h[0]) {
			out = append(out, fmt.Sprintf("Column key %q is not one that kind %q is known to take (%s names %s). "+
				"HSS may refuse it or leave the column empty; the list may also be incomplete",
				h[0], k.Name, k.ColumnsSource, strings.Join(k.Columns, ", ")))
		}
	}
	return out
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

// coerce is v as p's type where v is a string that spells a value of it
// exactly ("7" for a whole number, "true" for a bool), as filters passed
// through a map(string) variable or tomap() arrive; anything else is v as
// it is, for the checks to refuse.
func coerce(p kinds.Param, v any) any {
	switch x := v.(type) {
	case string:
		switch p.Type {
		case kinds.Int, kinds.IntList:
			if i, err := strconv.ParseInt(x, 10, 64); err == nil && strconv.FormatInt(i, 10) == x {
				return i
			}
		case kinds.Bool:
			if b, err := strconv.ParseBool(x); err == nil && (x == "true" || x == "false") {
				return b
			}
		}
	case []any:
		elem := p
		if p.Type == kinds.ObjectList {
			elem.Type = kinds.Object
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = coerce(elem, e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for name, e := range x {
			if i := slices.IndexFunc(p.Fields, func(f kinds.Param) bool { return f.Name == name }); i >= 0 {
				e = coerce(p.Fields[i], e)
			}
			out[name] = e
		}
		return out
	}
	return v
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
		if n := int64(len(list)); (p.MinItems != nil && n < *p.MinItems) || (p.MaxItems != nil && n > *p.MaxItems) {
			return bad("must have %s elements; got %d", span(p.MinItems, p.MaxItems), n)
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
			return fmt.Sprintf("must be a whole number %s, got %s", bounds(p), describe(v))
		}
		if lo, hi := p.IntRange(); (lo != nil && i < *lo) || (hi != nil && i > *hi) {
			return fmt.Sprintf("must be %s; got %d", bounds(p), i)
		}
	case kinds.Bool:
		if _, ok := v.(bool); !ok {
			return "must be true or false, got " + describe(v)
		}
	}
	return ""
}

// bounds is p's range in words: of its value for an Int (IntRange), of
// its length for a String.
func bounds(p kinds.Param) string {
	if p.Type == kinds.Int || p.Type == kinds.IntList {
		return span(p.IntRange())
	}
	return span(p.Min, p.Max)
}

func span(lo, hi *int64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("between %d and %d", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("at least %d", *lo)
	case hi != nil:
		return fmt.Sprintf("at most %d", *hi)
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
