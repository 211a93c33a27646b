package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// objectOf is a value of type t (an object) with the given attributes set
// and every other one null.
func objectOf(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	values := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %q", name)
		}
		values[name] = v
	}
	return tftypes.NewValue(typ, values)
}

func dynamicValue(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// What differs between two servers' requests: the simulator's request
// ids, how many polls fit in a wait, and how long a wait took (on a busy
// machine one read may take 100ms and the other 200ms: a test that
// compared them failed 7 times in 40 under load).
var (
	requestID = regexp.MustCompile(`sim-[0-9]+`)
	polls     = regexp.MustCompile(`\([0-9]+ polls?\)`)
	duration  = regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?(ns|µs|ms|s|m|h)([0-9]+(\.[0-9]+)?(ns|µs|ms|s|m|h))*\b`)
)

// answer is what a client sees of an RPC's answer: its diagnostics, in a
// stable order (the framework validates attributes in map order), and the
// state.
func answer(t *testing.T, typ tftypes.Type, diags []*tfprotov6.Diagnostic, state *tfprotov6.DynamicValue) string {
	t.Helper()
	var lines []string
	for _, d := range diags {
		detail := polls.ReplaceAllString(requestID.ReplaceAllString(d.Detail, "sim-…"), "(… polls)")
		detail = duration.ReplaceAllString(detail, "…")
		lines = append(lines, fmt.Sprintf("%s | %s | %s | %s", d.Severity, d.Attribute, d.Summary, detail))
	}
	sort.Strings(lines)
	s := fmt.Sprintf("%d diagnostics:\n", len(lines))
	for _, l := range lines {
		s += l + "\n"
	}
	if state == nil {
		return s + "no state"
	}
	v, err := state.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return s + "state " + v.String()
}

// Served directly or through the framework, hss_export_task's validation
// and read give the same answers, whatever the configuration: valid,
// invalid in each attribute, unknown, with or without a configured
// provider, for a task that exists, that does not, or with odd answers.
func TestDirect_AnswersAsTheFramework(t *testing.T) {
	f := newFixture(t)
	f.sim.AddTask(hsssim.Task{ID: "task-running", Name: "vul_vul_export_task", Status: "running"})
	f.sim.AddTask(hsssim.Task{ID: "task-finishing", Name: "vul_vul_export_task", Status: "success", RunningPolls: 2,
		FileID: "b3e83d25-d92f-4963-a293-e056e81ec44d", FileName: "hss-vul-vul-en.zip"})
	f.sim.AddTask(hsssim.Task{ID: "task-odd", Name: "vul_vul_export_task", Status: "success"}) // no file: a warning
	ctx := context.Background()
	newProvider := func() *HSSProvider {
		return &HSSProvider{version: "test", getenv: func(string) string { return "" }, wait: &fastWait}
	}
	framework := providerserver.NewProtocol6(newProvider())()
	direct := NewServer(func() provider.Provider { return newProvider() })()
	served, ok := direct.(*providerServer)
	if !ok {
		t.Fatalf("NewServer made a %T", direct)
	}

	schemas, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType()
	dsType := schemas.DataSourceSchemas["hss_export_task"].ValueType()
	dsObject, ok := dsType.(tftypes.Object)
	if !ok {
		t.Fatalf("hss_export_task's type is a %T", dsType)
	}
	timeoutsType := dsObject.AttributeTypes["timeouts"]
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	if _, _, ok := served.direct.config(ctx, "hss_export_task", dynamicValue(t, dsType, objectOf(t, dsType, nil))); !ok {
		t.Fatal("hss_export_task is not served directly: this test compares nothing")
	}
	unknownString := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	timeouts := func(read tftypes.Value) tftypes.Value {
		return tftypes.NewValue(timeoutsType, map[string]tftypes.Value{"read": read})
	}

	cases := []struct {
		name   string
		config map[string]tftypes.Value
	}{
		{"a task that has finished", map[string]tftypes.Value{"task_id": str(testTaskID)}},
		{"a running task, waited for until it finishes", map[string]tftypes.Value{"task_id": str("task-finishing"),
			"wait_for_completion": tftypes.NewValue(tftypes.Bool, true)}},
		{"a running task, waited for too briefly", map[string]tftypes.Value{"task_id": str("task-running"),
			"wait_for_completion": tftypes.NewValue(tftypes.Bool, true), "timeouts": timeouts(str("100ms"))}},
		{"a task that succeeded without a file", map[string]tftypes.Value{"task_id": str("task-odd")}},
		{"a task that does not exist", map[string]tftypes.Value{"task_id": str("no-such-task")}},
		{"every optional argument", map[string]tftypes.Value{"task_id": str(testTaskID), "kind": str("vulnerabilities"),
			"enterprise_project_id": str("all_granted_eps"), "region": str("cn-north-4"),
			"wait_for_completion": tftypes.NewValue(tftypes.Bool, false), "timeouts": timeouts(str("30s"))}},
		{"the events kind", map[string]tftypes.Value{"task_id": str(testTaskID), "kind": str("events")}},
		{"a task id that is not a path segment", map[string]tftypes.Value{"task_id": str("../x")}},
		{"an empty task id", map[string]tftypes.Value{"task_id": str("")}},
		{"no task id", map[string]tftypes.Value{}},
		{"an unknown task id", map[string]tftypes.Value{"task_id": unknownString}},
		{"a kind that does not exist", map[string]tftypes.Value{"task_id": str(testTaskID), "kind": str("nope")}},
		{"an enterprise project and region that are not text", map[string]tftypes.Value{"task_id": str(testTaskID),
			"enterprise_project_id": str("a\nb"), "region": str("x/y")}},
		{"a read-only attribute set", map[string]tftypes.Value{"task_id": str(testTaskID), "task_name": str("x"), "file_id": str("y")}},
		{"a read timeout that does not parse", map[string]tftypes.Value{"task_id": str(testTaskID), "timeouts": timeouts(str("soon"))}},
		{"a read timeout of zero", map[string]tftypes.Value{"task_id": str(testTaskID), "timeouts": timeouts(str("0s"))}},
		{"a negative read timeout", map[string]tftypes.Value{"task_id": str(testTaskID), "timeouts": timeouts(str("-1m"))}},
		{"an unknown read timeout", map[string]tftypes.Value{"task_id": str(testTaskID), "timeouts": timeouts(unknownString)}},
		{"unknown timeouts", map[string]tftypes.Value{"task_id": str(testTaskID),
			"timeouts": tftypes.NewValue(timeoutsType, tftypes.UnknownValue)}},
		{"errors in several attributes at once", map[string]tftypes.Value{"task_id": str("../x"), "kind": str("nope"),
			"task_status": str("done"), "timeouts": timeouts(str("0s"))}},
	}
	compare := func(t *testing.T, config map[string]tftypes.Value) {
		t.Helper()
		dv := dynamicValue(t, dsType, objectOf(t, dsType, config))
		fv, err1 := framework.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "hss_export_task", Config: dv})
		dvv, err2 := direct.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "hss_export_task", Config: dv})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if want, got := answer(t, dsType, fv.Diagnostics, nil), answer(t, dsType, dvv.Diagnostics, nil); got != want {
			t.Errorf("validation:\ndirect:    %s\nframework: %s", got, want)
		}
		req := func() *tfprotov6.ReadDataSourceRequest {
			return &tfprotov6.ReadDataSourceRequest{TypeName: "hss_export_task", Config: dv,
				ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: true}}
		}
		fr, err1 := framework.ReadDataSource(ctx, req())
		dr, err2 := direct.ReadDataSource(ctx, req())
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if want, got := answer(t, dsType, fr.Diagnostics, fr.State), answer(t, dsType, dr.Diagnostics, dr.State); got != want {
			t.Errorf("read:\ndirect:    %s\nframework: %s", got, want)
		}
		if (fr.Deferred == nil) != (dr.Deferred == nil) {
			t.Errorf("deferred: direct %v, framework %v", dr.Deferred, fr.Deferred)
		}
	}

	t.Run("before the provider is configured", func(t *testing.T) {
		compare(t, map[string]tftypes.Value{"task_id": str(testTaskID)})
	})
	providerConfig := dynamicValue(t, providerType, objectOf(t, providerType, map[string]tftypes.Value{
		"endpoint": str(f.url), "project_id": str(testProject), "token": str(testToken), "max_retries": tftypes.NewValue(tftypes.Number, 0)}))
	for _, s := range []tfprotov6.ProviderServer{framework, direct} {
		resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig, TerraformVersion: "1.5.7"})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("configure: %v %v", err, resp.Diagnostics)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { compare(t, tc.config) })
	}
}

// comparedDirectly are the data sources TestDirect_AnswersAsTheFramework
// compares; every data source served directly must be one of them.
var comparedDirectly = []string{"hss_export_task"}

// A data source served directly is one whose answers a test compares with
// the framework's: a new one with a plain schema fails here until its
// configurations are added to TestDirect_AnswersAsTheFramework.
func TestDirect_EveryDirectSourceIsCompared(t *testing.T) {
	served := directSources(context.Background(), &HSSProvider{version: "test"})
	for name := range served {
		if !slices.Contains(comparedDirectly, name) {
			t.Errorf("%s is served without the framework but no test compares its answers with the framework's: "+
				"add its configurations to TestDirect_AnswersAsTheFramework and its name to comparedDirectly", name)
		}
	}
	for _, name := range comparedDirectly {
		if _, ok := served[name]; !ok {
			t.Errorf("%s is no longer served directly: TestDirect_AnswersAsTheFramework compares nothing for it", name)
		}
	}
}

// semanticString is a string type with semantic equality, which the
// framework applies after a read and directReads does not.
type semanticString struct{ basetypes.StringValue }

func (semanticString) StringSemanticEquals(context.Context, basetypes.StringValuable) (bool, diag.Diagnostics) {
	return true, nil
}

type semanticStringType struct{ basetypes.StringType }

func (semanticStringType) ValueType(context.Context) attr.Value { return semanticString{} }

// boolCheck is a bool validator that finds nothing wrong.
type boolCheck struct{}

func (boolCheck) Description(context.Context) string                                           { return "" }
func (boolCheck) MarkdownDescription(context.Context) string                                   { return "" }
func (boolCheck) ValidateBool(context.Context, validator.BoolRequest, *validator.BoolResponse) {}

// Only schemas whose reads need nothing more of the framework are served
// directly.
func TestDirect_ServesOnlyPlainSchemas(t *testing.T) {
	ctx := context.Background()
	plain := schema.StringAttribute{Optional: true}
	for _, tc := range []struct {
		name       string
		attributes map[string]schema.Attribute
		want       bool
	}{
		{"strings, bools, whole numbers and a nested object", map[string]schema.Attribute{"s": plain,
			"b": schema.BoolAttribute{Optional: true}, "i": schema.Int64Attribute{Computed: true},
			"o": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"s": plain}}}, true},
		{"hss_export_task's", exportTaskSchema(ctx).Attributes, true},
		{"a list", map[string]schema.Attribute{"s": plain, "l": schema.ListAttribute{ElementType: types.StringType, Optional: true}}, false},
		{"a list of objects", map[string]schema.Attribute{"l": schema.ListNestedAttribute{Optional: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{"s": plain}}}}, false},
		{"a type with semantic equality", map[string]schema.Attribute{"s": schema.StringAttribute{Optional: true, CustomType: semanticStringType{}}}, false},
		{"a bool with validators", map[string]schema.Attribute{"b": schema.BoolAttribute{Optional: true,
			Validators: []validator.Bool{boolCheck{}}}}, false},
		{"a deprecated attribute", map[string]schema.Attribute{"s": schema.StringAttribute{Optional: true, DeprecationMessage: "old"}}, false},
		{"a nested object with a list", map[string]schema.Attribute{"o": schema.SingleNestedAttribute{Optional: true,
			Attributes: map[string]schema.Attribute{"l": schema.ListAttribute{ElementType: types.StringType, Optional: true}}}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := directAttributes(ctx, tc.attributes); got != tc.want {
				t.Errorf("directAttributes = %v, want %v", got, tc.want)
			}
		})
	}
}
