package sdktest

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// The inputs of the parity test, generated from the kinds table so that a
// kind added later is compared without new test code: for each kind, one
// request in this client's terms and the same request as the SDK's request
// struct (as JSON), for each variant.

// variant is one way of filling a kind's parameters.
type variant struct {
	name string
	// all: every parameter, not just the required ones.
	all bool
	// zero: the smallest values (false, the lower bound, the shortest
	// text), rather than ones that exercise escaping.
	zero bool
}

var variants = []variant{
	{name: "every parameter, text that needs escaping", all: true},
	{name: "every parameter, zero values", all: true, zero: true},
	{name: "required parameters only"},
}

// text is what strings are made of: spaces, a plus, a tilde, a percent
// sign, a slash, non-ASCII letters.
const text = "a b+c~d%e/f é 中文"

// input is one export, in both clients' terms.
type input struct {
	ours hss.ExportRequest
	// sdk is the SDK's request struct as JSON.
	sdk map[string]any
}

// inputFor builds kind k's request for variant v; region says whether the
// SDK's request of k has a region header field (it is then given to both).
func inputFor(k kinds.Kind, v variant, hasRegion bool) input {
	in := input{
		ours: hss.ExportRequest{Kind: k.Name, EnterpriseProjectID: "ep 1/é", Filters: map[string]any{}},
		sdk:  map[string]any{"enterprise_project_id": "ep 1/é"},
	}
	if hasRegion {
		in.ours.Region = region
		in.sdk["region"] = region
	}
	body := map[string]any{}
	for _, p := range k.Params {
		if (!p.Required && !v.all) || excluded(k, p.Name, v) {
			continue
		}
		val := valueFor(p, v)
		switch {
		case p.Name == "export_size":
			n := intFor(p, v)
			in.ours.ExportSize = &n
		case p.Default != nil && !v.all:
			// Left to the client, which sends the default.
			val = p.Default
		default:
			in.ours.Filters[p.Name] = val
		}
		if p.In == kinds.InQuery {
			in.sdk[p.Name] = val
		} else {
			body[p.Name] = val
		}
	}
	headers := [][]string{{"host_name", "Server name"}, {"é", "中文 title+1"}}
	if v.zero {
		headers = [][]string{{"host_name", ""}}
	}
	switch k.Headers {
	case kinds.HeadersBareBody:
		in.sdk["body"] = headers
	case kinds.HeadersField:
		if k.HeadersRequired || v.all {
			body[k.HeadersField] = headers
		}
	}
	if k.Headers == kinds.HeadersField && body[k.HeadersField] != nil {
		for _, h := range headers {
			in.ours.Headers = append(in.ours.Headers, [2]string{h[0], h[1]})
		}
	}
	if k.Headers == kinds.HeadersBareBody {
		for _, h := range headers {
			in.ours.Headers = append(in.ours.Headers, [2]string{h[0], h[1]})
		}
	} else {
		in.sdk["body"] = body
	}
	return in
}

// excluded says whether variant v leaves out name, because it is in one of
// k's exclusive groups: the zero values take the first of a group, the
// others the rest, so that each is compared.
func excluded(k kinds.Kind, name string, v variant) bool {
	for _, group := range k.Exclusive {
		if v.zero && slices.Contains(group[1:], name) || !v.zero && group[0] == name {
			return true
		}
	}
	return false
}

// valueFor is a value of p for variant v, within p's enum and bounds.
func valueFor(p kinds.Param, v variant) any {
	switch p.Type {
	case kinds.String:
		return stringFor(p, v)
	case kinds.Int:
		return intFor(p, v)
	case kinds.Bool:
		return !v.zero
	case kinds.StringList:
		if v.zero {
			return []any{stringFor(p, v)}
		}
		first := stringFor(p, v)
		second := stringFor(p, variant{zero: true})
		return []any{first, second}
	case kinds.IntList:
		if v.zero {
			return []any{intFor(p, v)}
		}
		return []any{intFor(p, v), intFor(p, variant{zero: true})}
	case kinds.Object:
		obj := map[string]any{}
		for _, f := range p.Fields {
			if f.Required || v.all {
				obj[f.Name] = valueFor(f, v)
			}
		}
		return obj
	case kinds.ObjectList:
		return []any{valueFor(kinds.Param{Type: kinds.Object, Fields: p.Fields}, v)}
	}
	panic("no value for type " + p.Type.String())
}

func stringFor(p kinds.Param, v variant) string {
	if len(p.Enum) > 0 {
		if v.zero {
			return p.Enum[0]
		}
		// One with a space if there is one: it must be escaped.
		for _, e := range p.Enum {
			if strings.Contains(e, " ") {
				return e
			}
		}
		return p.Enum[len(p.Enum)-1]
	}
	lo, hi := 1, 32
	if p.Min != nil && *p.Min > 1 {
		lo = int(*p.Min)
	}
	hi = max(hi, lo)
	if p.Max != nil && int(*p.Max) < hi {
		hi = int(*p.Max)
	}
	want := hi
	if v.zero {
		want = lo
	}
	s := ""
	for utf8.RuneCountInString(s) < want {
		s += text
	}
	return string([]rune(s)[:want])
}

func intFor(p kinds.Param, v variant) int64 {
	if v.zero {
		if p.Min != nil {
			return *p.Min
		}
		return 0
	}
	n := int64(7)
	if p.Min != nil && n < *p.Min {
		n = *p.Min
	}
	if p.Max != nil && n > *p.Max {
		n = *p.Max
	}
	return n
}
