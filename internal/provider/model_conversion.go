package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The data source converts between its model and Terraform's wire values
// by hand instead of with tfsdk.Config.Get and tfsdk.State.Set. Those go
// through the framework's reflection, which compiles a regular expression
// for every struct field on every call: with it, converting the model cost
// more CPU and allocated more than the whole HTTP read. The conversion
// below is checked against the framework's own in
// TestExportTaskModel_ConversionMatchesFramework, so the model's tfsdk
// tags still describe the schema exactly.

var timeoutsObjectType = basetypes.ObjectType{AttrTypes: map[string]attr.Type{"read": types.StringType}}

// exportTaskModelFromConfig reads the model from a ReadRequest's config.
func exportTaskModelFromConfig(ctx context.Context, config tftypes.Value) (ExportTaskDataSourceModel, error) {
	var m ExportTaskDataSourceModel
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return m, err
	}
	strs := []struct {
		name string
		dst  *types.String
	}{
		{"id", &m.ID}, {"task_id", &m.TaskID}, {"enterprise_project_id", &m.EnterpriseProjectID},
		{"region", &m.Region}, {"task_name", &m.TaskName}, {"task_status", &m.TaskStatus},
		{"file_id", &m.FileID}, {"file_name", &m.FileName},
	}
	for _, s := range strs {
		v, err := stringFromTerraform(attrs[s.name])
		if err != nil {
			return m, fmt.Errorf("%s: %w", s.name, err)
		}
		*s.dst = v
	}
	wait, err := boolFromTerraform(attrs["wait_for_completion"])
	if err != nil {
		return m, fmt.Errorf("wait_for_completion: %w", err)
	}
	m.WaitForCompletion = wait
	obj, err := timeoutsObjectType.ValueFromTerraform(ctx, attrs["timeouts"])
	if err != nil {
		return m, fmt.Errorf("timeouts: %w", err)
	}
	ov, ok := obj.(basetypes.ObjectValue)
	if !ok {
		return m, fmt.Errorf("timeouts: unexpected %T", obj)
	}
	m.Timeouts = timeouts.Value{Object: ov}
	return m, nil
}

// toTerraform is the model as the state value of type typ.
func (m ExportTaskDataSourceModel) toTerraform(ctx context.Context, typ tftypes.Type) (tftypes.Value, error) {
	to, err := m.Timeouts.ToTerraformValue(ctx)
	if err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"id":                    stringToTerraform(m.ID),
		"task_id":               stringToTerraform(m.TaskID),
		"enterprise_project_id": stringToTerraform(m.EnterpriseProjectID),
		"region":                stringToTerraform(m.Region),
		"task_name":             stringToTerraform(m.TaskName),
		"task_status":           stringToTerraform(m.TaskStatus),
		"file_id":               stringToTerraform(m.FileID),
		"file_name":             stringToTerraform(m.FileName),
		"wait_for_completion":   boolToTerraform(m.WaitForCompletion),
		"timeouts":              to,
	}), nil
}

func stringFromTerraform(v tftypes.Value) (types.String, error) {
	switch {
	case v.Type() == nil || v.IsNull():
		return types.StringNull(), nil
	case !v.IsKnown():
		return types.StringUnknown(), nil
	}
	var s string
	if err := v.As(&s); err != nil {
		return types.String{}, err
	}
	return types.StringValue(s), nil
}

func boolFromTerraform(v tftypes.Value) (types.Bool, error) {
	switch {
	case v.Type() == nil || v.IsNull():
		return types.BoolNull(), nil
	case !v.IsKnown():
		return types.BoolUnknown(), nil
	}
	var b bool
	if err := v.As(&b); err != nil {
		return types.Bool{}, err
	}
	return types.BoolValue(b), nil
}

func stringToTerraform(s types.String) tftypes.Value {
	switch {
	case s.IsNull():
		return tftypes.NewValue(tftypes.String, nil)
	case s.IsUnknown():
		return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	return tftypes.NewValue(tftypes.String, s.ValueString())
}

func boolToTerraform(b types.Bool) tftypes.Value {
	switch {
	case b.IsNull():
		return tftypes.NewValue(tftypes.Bool, nil)
	case b.IsUnknown():
		return tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
	}
	return tftypes.NewValue(tftypes.Bool, b.ValueBool())
}
