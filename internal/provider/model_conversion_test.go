package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The hand-written conversion must agree with the framework's reflection
// on every kind of value, so that the model's tfsdk tags keep describing
// the schema and nothing is lost on the way to the state.
func TestExportTaskModel_ConversionMatchesFramework(t *testing.T) {
	ctx := context.Background()
	var sresp datasource.SchemaResponse
	NewExportTaskDataSource().Schema(ctx, datasource.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(ctx)
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type is %T", typ)
	}
	timeoutsType := obj.AttributeTypes["timeouts"]

	str := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	config := func(over map[string]tftypes.Value) tftypes.Value {
		attrs := map[string]tftypes.Value{}
		for name, at := range obj.AttributeTypes {
			attrs[name] = tftypes.NewValue(at, nil)
		}
		for k, v := range over {
			attrs[k] = v
		}
		return tftypes.NewValue(typ, attrs)
	}
	cases := map[string]tftypes.Value{
		"only a task id": config(map[string]tftypes.Value{"task_id": str("t1")}),
		"every optional argument set": config(map[string]tftypes.Value{
			"task_id": str("t1"), "enterprise_project_id": str("ep"), "region": str("cn-north-4"),
			"wait_for_completion": tftypes.NewValue(tftypes.Bool, true),
			"timeouts":            tftypes.NewValue(timeoutsType, map[string]tftypes.Value{"read": str("5m")}),
		}),
		"a timeouts block without read": config(map[string]tftypes.Value{
			"task_id":  str("t1"),
			"timeouts": tftypes.NewValue(timeoutsType, map[string]tftypes.Value{"read": str(nil)}),
		}),
		"unknown values at plan time": config(map[string]tftypes.Value{
			"task_id": str(tftypes.UnknownValue), "wait_for_completion": tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue),
			"timeouts": tftypes.NewValue(timeoutsType, tftypes.UnknownValue),
		}),
		"computed values filled": config(map[string]tftypes.Value{
			"id": str("t1"), "task_id": str("t1"), "task_name": str("n"), "task_status": str("success"),
			"file_id": str("f"), "file_name": str(""), "wait_for_completion": tftypes.NewValue(tftypes.Bool, false),
		}),
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			var want ExportTaskDataSourceModel
			if diags := (tfsdk.Config{Schema: sresp.Schema, Raw: raw}).Get(ctx, &want); diags.HasError() {
				t.Fatalf("framework Get: %v", diags)
			}
			got, err := exportTaskModelFromConfig(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("model from config:\n got %#v\nwant %#v", got, want)
			}

			state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)}
			if diags := state.Set(ctx, &want); diags.HasError() {
				t.Fatalf("framework Set: %v", diags)
			}
			gotRaw, err := got.toTerraform(ctx, typ)
			if err != nil {
				t.Fatal(err)
			}
			if !gotRaw.Equal(state.Raw) {
				t.Errorf("state value:\n got %s\nwant %s", gotRaw, state.Raw)
			}
		})
	}
}
