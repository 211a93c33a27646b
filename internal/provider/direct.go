package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A data source read is where a plan of many reads spends its time: two
// RPCs per read, ValidateDataResourceConfig and ReadDataSource, and most of
// the framework's work in them is generic. It finds every attribute by
// walking a path through the schema, rebuilding the schema's attribute map
// at every step (upstream/terraform-plugin-framework-schema-attribute-
// copies.md), walks the configuration and the new state once more for
// semantic equality (none of our types has it), and copies values it will
// not change: in a CPU profile of 10,000 reads, about a third of the
// provider's CPU and most of its garbage. directReads serves both RPCs for
// the data sources whose schemas need nothing more than what it does:
// attributes of the types below, no blocks, no semantic equality. It calls
// the same Configure, validators and Read that the framework would, with
// the same values, and answers as the framework would
// (TestDirect_AnswersAsTheFramework compares the two, answer by answer).
// Every other RPC, and every other data source, goes to the framework.

// directReads knows which data sources it may read directly.
type directReads struct {
	provider *HSSProvider
	once     sync.Once
	sources  map[string]directSource
}

// directSource is a data source that may be read directly.
type directSource struct {
	new        func() datasource.DataSource
	schema     schema.Schema
	objectType tftypes.Type
}

// newDirectReads returns nil for a provider that is not ours. Ours has no
// provider_meta schema and never defers its configuration, the two things
// of the provider's own that the framework would add to a read.
func newDirectReads(p provider.Provider) *directReads {
	ours, ok := p.(*HSSProvider)
	if !ok {
		return nil
	}
	if _, meta := p.(provider.ProviderWithMetaSchema); meta {
		return nil
	}
	return &directReads{provider: ours}
}

// config is the data source typeName names and its configuration, when
// directReads may serve it; a configuration that does not decode is the
// framework's to report.
func (r *directReads) config(ctx context.Context, typeName string, raw *tfprotov6.DynamicValue) (directSource, tftypes.Value, bool) {
	if r == nil || raw == nil {
		return directSource{}, tftypes.Value{}, false
	}
	r.once.Do(func() { r.sources = directSources(ctx, r.provider) })
	s, ok := r.sources[typeName]
	if !ok {
		return directSource{}, tftypes.Value{}, false
	}
	config, err := raw.Unmarshal(s.objectType)
	if err != nil {
		return directSource{}, tftypes.Value{}, false
	}
	return s, config, true
}

// directSources lists p's data sources whose schemas directReads can
// serve.
func directSources(ctx context.Context, p *HSSProvider) map[string]directSource {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	sources := map[string]directSource{}
	for _, newDataSource := range p.DataSources(ctx) {
		ds := newDataSource()
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() || len(sr.Schema.Blocks) > 0 || sr.Schema.DeprecationMessage != "" ||
			!directAttributes(ctx, sr.Schema.Attributes) {
			continue
		}
		// Checks of the data source's own the framework would run too.
		_, validators := ds.(datasource.DataSourceWithConfigValidators)
		_, validates := ds.(datasource.DataSourceWithValidateConfig)
		if validators || validates {
			continue
		}
		sources[md.TypeName] = directSource{new: newDataSource, schema: sr.Schema,
			objectType: sr.Schema.Type().TerraformType(ctx)}
	}
	return sources
}

// directAttributes reports whether every attribute, nested ones included,
// is a string, or a bool, whole number or single nested object without
// validators, and none has semantic equality or deprecation: what validate
// and read handle as the framework does.
func directAttributes(ctx context.Context, attributes map[string]schema.Attribute) bool {
	for _, a := range attributes {
		if a.GetDeprecationMessage() != "" {
			return false
		}
		switch a.GetType().ValueType(ctx).(type) {
		case basetypes.StringValuableWithSemanticEquals, basetypes.BoolValuableWithSemanticEquals,
			basetypes.Int64ValuableWithSemanticEquals, basetypes.ObjectValuableWithSemanticEquals:
			return false
		}
		switch n := a.(type) {
		case schema.StringAttribute:
		case schema.BoolAttribute:
			if len(n.Validators) > 0 {
				return false
			}
		case schema.Int64Attribute:
			if len(n.Validators) > 0 {
				return false
			}
		case schema.SingleNestedAttribute:
			if len(n.Validators) > 0 || !directAttributes(ctx, n.Attributes) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// configure makes a data source and hands it the provider's data, as the
// framework does before validating and before reading.
func (s directSource) configure(ctx context.Context, providerData any) (datasource.DataSource, diag.Diagnostics) {
	ds := s.new()
	var resp datasource.ConfigureResponse
	if c, ok := ds.(datasource.DataSourceWithConfigure); ok {
		c.Configure(ctx, datasource.ConfigureRequest{ProviderData: providerData}, &resp)
	}
	return ds, resp.Diagnostics
}

// validate does what the framework's ValidateDataResourceConfig does for
// s: Configure, then every attribute's checks.
func (s directSource) validate(ctx context.Context, providerData any, config tftypes.Value) *tfprotov6.ValidateDataResourceConfigResponse {
	_, diags := s.configure(ctx, providerData)
	if diags.HasError() {
		return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: protoDiagnostics(ctx, diags)}
	}
	validateAttributes(ctx, tfsdk.Config{Raw: config, Schema: s.schema}, s.schema.Attributes, path.Empty(), config, &diags)
	return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: protoDiagnostics(ctx, diags)}
}

// validateAttributes checks the attributes of object, found at parent in
// cfg, as the framework's AttributeValidate does: a value for a read-only
// attribute or none for a required one, then a string's validators and a
// nested object's attributes (directAttributes admits no validators on
// other types).
func validateAttributes(ctx context.Context, cfg tfsdk.Config, attributes map[string]schema.Attribute, parent path.Path,
	object tftypes.Value, diags *diag.Diagnostics) {
	var values map[string]tftypes.Value
	if err := object.As(&values); err != nil {
		diags.AddAttributeError(parent, "Attribute Validation Error", "This is a bug in the provider; please report it. "+err.Error())
		return
	}
	for name, a := range attributes {
		at := parent.AtName(name)
		raw := values[name]
		if a.IsComputed() && !a.IsOptional() && !raw.IsNull() {
			diags.AddAttributeError(at, "Invalid Configuration for Read-Only Attribute",
				"Cannot set value for this attribute as the provider has marked it as read-only. Remove the configuration line setting the value.\n\n"+
					"Refer to the provider documentation or contact the provider developers for additional information about configurable and read-only attributes that are supported.")
		}
		if a.IsRequired() && raw.IsNull() {
			diags.AddAttributeError(at, "Missing Configuration for Required Attribute",
				fmt.Sprintf("Must set a configuration value for the %s attribute as the provider has marked it as required.\n\n", at.String())+
					"Refer to the provider documentation or contact the provider developers for additional information about configurable attributes that are required.")
		}
		switch a := a.(type) {
		case schema.StringAttribute:
			validateString(ctx, cfg, a, at, raw, diags)
		case schema.SingleNestedAttribute:
			if !raw.IsNull() && raw.IsKnown() {
				validateAttributes(ctx, cfg, a.Attributes, at, raw, diags)
			}
		}
	}
}

// validateString runs a string attribute's validators on its value, raw.
func validateString(ctx context.Context, cfg tfsdk.Config, a schema.StringAttribute, at path.Path, raw tftypes.Value, diags *diag.Diagnostics) {
	if len(a.Validators) == 0 {
		return
	}
	value, err := a.GetType().ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddAttributeError(at, "Attribute Validation Error", "This is a bug in the provider; please report it. "+err.Error())
		return
	}
	valuable, ok := value.(basetypes.StringValuable)
	if !ok {
		diags.AddAttributeError(at, "Attribute Validation Error", fmt.Sprintf("A %T is not a string value. This is a bug in the provider; please report it.", value))
		return
	}
	v, d := valuable.ToStringValue(ctx)
	if diags.Append(d...); d.HasError() {
		return
	}
	req := validator.StringRequest{Config: cfg, ConfigValue: v, Path: at, PathExpression: at.Expression()}
	for _, check := range a.Validators {
		var resp validator.StringResponse
		check.ValidateString(ctx, req, &resp)
		diags.Append(resp.Diagnostics...)
	}
}

// read does what the framework's ReadDataSource does for s: a new data
// source, Configure with the provider's data, Read with the configuration,
// whose value the state starts from, and the state and diagnostics as
// the protocol's.
func (s directSource) read(ctx context.Context, providerData any, config tftypes.Value, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse {
	ds, diags := s.configure(ctx, providerData)
	if diags.HasError() {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: protoDiagnostics(ctx, diags)}
	}
	readReq := datasource.ReadRequest{Config: tfsdk.Config{Raw: config, Schema: s.schema}}
	if req.ClientCapabilities != nil {
		readReq.ClientCapabilities.DeferralAllowed = req.ClientCapabilities.DeferralAllowed
	}
	readResp := datasource.ReadResponse{State: tfsdk.State{Raw: config.Copy(), Schema: s.schema}}
	ds.Read(ctx, readReq, &readResp)
	diags = append(diags, readResp.Diagnostics...)

	resp := &tfprotov6.ReadDataSourceResponse{}
	if readResp.Deferred != nil {
		resp.Deferred = &tfprotov6.Deferred{Reason: tfprotov6.DeferredReason(readResp.Deferred.Reason)}
	}
	state, err := tfprotov6.NewDynamicValue(s.objectType, readResp.State.Raw)
	if err != nil {
		diags.AddError("Unable to Convert State", "An unexpected error was encountered when converting the state to the protocol type. "+
			"This is a bug in the provider; please report it.\n\n"+err.Error())
	} else {
		resp.State = &state
	}
	resp.Diagnostics = protoDiagnostics(ctx, diags)
	return resp
}

// protoDiagnostics are diags as the protocol carries them.
func protoDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		p := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityInvalid, Summary: d.Summary(), Detail: d.Detail()}
		switch d.Severity() {
		case diag.SeverityError:
			p.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			p.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			p.Attribute = attributePath(ctx, wp.Path())
		}
		out = append(out, p)
	}
	return out
}

// attributePath is an attribute's path as the protocol carries it; a step
// it cannot carry ends it there.
func attributePath(ctx context.Context, at path.Path) *tftypes.AttributePath {
	steps := at.Steps()
	if len(steps) == 0 {
		return nil
	}
	ap := tftypes.NewAttributePath()
	for _, step := range steps {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(s))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(s))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(s))
		case path.PathStepElementKeyValue:
			v, err := s.ToTerraformValue(ctx)
			if err != nil {
				return ap
			}
			ap = ap.WithElementKeyValue(v)
		}
	}
	return ap
}
