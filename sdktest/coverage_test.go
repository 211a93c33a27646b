package sdktest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// TestParity_TableCoversTheSDK walks the SDK's request struct of every kind
// and holds the kinds table to it, field by field: every field the SDK
// models is a parameter of the kind (or one of its deprecated ones), in the
// same place, of the same type and width, and required exactly where the
// SDK's model always sends it (no omitempty); the columns field and the
// region header are where the SDK has them. The parity test then shows
// that what is sent for each is the same.
func TestParity_TableCoversTheSDK(t *testing.T) {
	sdk := sdkClient(t, "http://127.0.0.1:1")
	for _, k := range kinds.All {
		t.Run(k.Name, func(t *testing.T) {
			m := reflect.ValueOf(sdk).MethodByName(k.Operation)
			if !m.IsValid() {
				t.Fatalf("the SDK has no operation %s", k.Operation)
			}
			fields := map[string]sdkField{}
			collect(fields, m.Type().In(0).Elem(), kinds.InQuery)
			seen := map[string]bool{}
			for name, f := range fields {
				seen[name] = true
				switch {
				case name == "enterprise_project_id":
				case name == "(bare body)":
					if k.Headers != kinds.HeadersBareBody || f.typ != "[][]string" {
						t.Errorf("the SDK's whole body is %s; the table's column shape is %v", f.typ, k.Headers)
					}
				case name == "region":
					want := kinds.RegionOptional
					if f.required {
						want = kinds.RegionRequired
					}
					if k.Region != want {
						t.Errorf("region header: the SDK's is %v (required %v); the table says %v", f.in, f.required, k.Region)
					}
				case name == k.HeadersField || f.typ == "columns":
					if k.Headers != kinds.HeadersField || name != k.HeadersField || k.HeadersRequired != f.required {
						t.Errorf("columns: the SDK has %s (required %v); the table has shape %v field %q required %v",
							name, f.required, k.Headers, k.HeadersField, k.HeadersRequired)
					}
				case slices.ContainsFunc(k.Deprecated, func(d kinds.Deprecated) bool { return d.Name == name }):
				default:
					p, ok := k.Param(name)
					if !ok {
						t.Errorf("the SDK's %s has %s (%s, %s); the table does not", k.Operation, name, f.in, f.typ)
						continue
					}
					checkParam(t, name, p, f)
				}
			}
			if _, ok := fields["(bare body)"]; !ok && k.Headers == kinds.HeadersBareBody {
				t.Errorf("the table sends the columns as the whole body; the SDK's %s does not", k.Operation)
			}
			if _, ok := fields["region"]; !ok && k.Region != kinds.NoRegion {
				t.Errorf("the table sends a region header; the SDK's %s has none", k.Operation)
			}
			for _, p := range k.Params {
				if !seen[p.Name] {
					t.Errorf("the table has %s; the SDK's %s does not", p.Name, k.Operation)
				}
			}
		})
	}
}

// sdkField is one field of an SDK request: where it goes, its type in the
// table's words (or "columns"), whether the SDK always sends it, and the
// fields of an object.
type sdkField struct {
	in       kinds.Place
	typ      string
	wide     bool
	required bool
	fields   map[string]sdkField
}

// collect adds the fields of the SDK request struct t: its own in place in
// (query, or the header for region), the body's as body fields.
func collect(out map[string]sdkField, t reflect.Type, in kinds.Place) {
	for name, f := range jsonFields(t) {
		ft := f.Type
		required := !strings.Contains(f.Tag.Get("json"), "omitempty")
		if name == "body" && in == kinds.InQuery {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collect(out, ft, kinds.InBody)
			} else {
				out["(bare body)"] = sdkField{in: kinds.InBody, typ: describeType(ft), required: required}
			}
			continue
		}
		place := in
		if name == "region" {
			place = kinds.InHeader
		}
		sf := sdkField{in: place, required: required}
		sf.typ, sf.wide, sf.fields = classify(ft)
		out[name] = sf
	}
}

// classify names an SDK field's type as the table does.
func classify(t reflect.Type) (typ string, wide bool, fields map[string]sdkField) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.String || isEnum(t):
		return kinds.String.String(), false, nil
	case t.Kind() == reflect.Int32:
		return kinds.Int.String(), false, nil
	case t.Kind() == reflect.Int64:
		return kinds.Int.String(), true, nil
	case t.Kind() == reflect.Bool:
		return kinds.Bool.String(), false, nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Slice:
		return "columns", false, nil
	case t.Kind() == reflect.Slice:
		et, w, f := classify(t.Elem())
		switch et {
		case kinds.String.String():
			return kinds.StringList.String(), false, nil
		case kinds.Int.String():
			return kinds.IntList.String(), w, nil
		case kinds.Object.String():
			return kinds.ObjectList.String(), false, f
		}
	case t.Kind() == reflect.Struct:
		fields := map[string]sdkField{}
		collect(fields, t, kinds.InBody)
		return kinds.Object.String(), false, fields
	}
	return describeType(t), false, nil
}

// isEnum: the SDK's enums are structs with a Value method.
func isEnum(t reflect.Type) bool {
	_, ok := t.MethodByName("Value")
	return t.Kind() == reflect.Struct && ok
}

func describeType(t reflect.Type) string { return t.String() }

// checkParam holds one parameter of the table to the SDK's field.
func checkParam(t *testing.T, name string, p kinds.Param, f sdkField) {
	t.Helper()
	if p.In != f.in && f.in != kinds.InHeader {
		t.Errorf("%s: the SDK sends it in the %s; the table says %s", name, f.in, p.In)
	}
	if p.Type.String() != f.typ {
		t.Errorf("%s: the SDK's type is %s; the table says %s", name, f.typ, p.Type)
	}
	if (p.Type == kinds.Int || p.Type == kinds.IntList) && p.Wide != f.wide {
		t.Errorf("%s: the SDK's whole number is int64 %v; the table's Wide is %v", name, f.wide, p.Wide)
	}
	// A field the SDK always sends is required, unless the table sends a
	// default for it.
	if f.required != p.Required {
		t.Errorf("%s: required in the SDK's model %v (no omitempty); in the table %v", name, f.required, p.Required)
	}
	for fname, sub := range f.fields {
		i := slices.IndexFunc(p.Fields, func(q kinds.Param) bool { return q.Name == fname })
		if i < 0 {
			t.Errorf("%s: the SDK's object has %s; the table does not", name, fname)
			continue
		}
		sub.in = p.Fields[i].In
		checkParam(t, name+"."+fname, p.Fields[i], sub)
	}
	for _, q := range p.Fields {
		if _, ok := f.fields[q.Name]; !ok {
			t.Errorf("%s: the table has field %s; the SDK's object does not", name, q.Name)
		}
	}
}
