package provider

import (
	"fmt"
	"math"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// diagnostics is the framework's list of diagnostics.
type diagnostics = diag.Diagnostics

// exportRequest is hss_export's arguments as the client takes them, with
// hss.Unknown for values not known yet, and what is wrong with headers
// (which the client takes as pairs already).
func exportRequest(m ExportResourceModel) (hss.ExportRequest, []hss.ExportProblem) {
	r := hss.ExportRequest{Kind: m.Kind.ValueString(), Region: m.Region.ValueString(), Filters: map[string]any{},
		Unknown: map[string]bool{"headers": m.Headers.IsUnknown(), "export_size": m.ExportSize.IsUnknown(),
			"filters": m.Filters.IsUnknown() || m.Filters.IsUnderlyingValueUnknown()}}
	var problems []hss.ExportProblem
	if !m.Headers.IsNull() && !m.Headers.IsUnknown() {
		r.Headers = [][2]string{}
		for i, e := range m.Headers.Elements() {
			pair, ok := e.(types.List)
			if !ok || pair.IsUnknown() {
				continue
			}
			items := pair.Elements()
			if len(items) != 2 {
				problems = append(problems, hss.ExportProblem{Field: "headers",
					Message: fmt.Sprintf("must be [key, title] pairs; item %d has %d values", i, len(items))})
				continue
			}
			key, _ := items[0].(types.String)
			title, _ := items[1].(types.String)
			r.Headers = append(r.Headers, [2]string{key.ValueString(), title.ValueString()})
		}
	}
	if !m.ExportSize.IsNull() && !m.ExportSize.IsUnknown() {
		f := m.ExportSize.ValueBigFloat()
		if n, ok := wholeIn(f, math.MinInt64, math.MaxInt64); ok {
			r.ExportSize = &n // the kind's own range is checked by the client
		} else {
			problems = append(problems, hss.ExportProblem{Field: "export_size",
				Message: "must be a whole number within the kind's range, got " + f.Text('g', -1)})
			// Reported here: not also "required".
			r.Unknown["export_size"] = true
		}
	}
	switch {
	case m.Filters.IsNull():
	case r.Unknown["filters"]:
		r.Filters = nil // nothing can be checked yet
	default:
		switch v := goValue(m.Filters.UnderlyingValue()).(type) {
		case map[string]any:
			r.Filters = v
		case nil:
		default:
			problems = append(problems, hss.ExportProblem{Field: "filters",
				Message: "must be an object of the kind's parameters, such as { category = \"vul\" }"})
		}
	}
	return r, problems
}

// goValue is a configured value in the natural Go types the client takes.
func goValue(v attr.Value) any {
	if v == nil || v.IsNull() {
		return nil
	}
	if v.IsUnknown() {
		return hss.Unknown
	}
	switch x := v.(type) {
	case basetypes.StringValue:
		return x.ValueString()
	case basetypes.BoolValue:
		return x.ValueBool()
	case basetypes.NumberValue:
		return x.ValueBigFloat()
	case basetypes.Int64Value:
		return x.ValueInt64()
	case basetypes.Float64Value:
		return x.ValueFloat64()
	case basetypes.DynamicValue:
		return goValue(x.UnderlyingValue())
	case basetypes.ListValue:
		return goList(x.Elements())
	case basetypes.SetValue:
		return goList(x.Elements())
	case basetypes.TupleValue:
		return goList(x.Elements())
	case basetypes.ObjectValue:
		return goMap(x.Attributes())
	case basetypes.MapValue:
		return goMap(x.Elements())
	}
	return fmt.Sprintf("%v", v)
}

func goList(elems []attr.Value) []any {
	out := make([]any, len(elems))
	for i, e := range elems {
		out[i] = goValue(e)
	}
	return out
}

func goMap(attrs map[string]attr.Value) map[string]any {
	out := make(map[string]any, len(attrs))
	for k, e := range attrs {
		if e == nil || e.IsNull() {
			continue // a null filter is no filter
		}
		out[k] = goValue(e)
	}
	return out
}

// problemPath is the attribute a problem of ValidateExport is about.
func problemPath(p hss.ExportProblem) path.Path {
	switch p.Field {
	case "kind", "headers", "export_size", "region":
		return path.Root(p.Field)
	}
	name, _, _ := strings.Cut(p.Field, ".")
	name, _, _ = strings.Cut(name, "[")
	return path.Root("filters").AtName(name)
}

func backquoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	return strings.Join(q, ", ")
}
