package provider

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hss-community/terraform-provider-hss/internal/workaround"
)

// Data sources and resources convert between their model structs and
// Terraform's wire values with a codec rather than tfsdk.Config.Get and
// tfsdk.State.Set: a workaround under ARCHITECTURE.md's rule
// (workaround.Codec). The framework's reflection compiles a regular
// expression for every struct field on every call
// (upstream/terraform-plugin-framework-regexp-per-field.md), which costs
// more CPU and allocates more than a whole HTTP read. A codec matches the
// struct's tfsdk tags to the schema once, failing if either has a name the
// other lacks, and then converts each attribute with the attribute's own
// type (custom types such as timeouts included), so nothing is hand-listed
// per type and nothing can be silently dropped.
//
// It cannot change an answer: TestModels_CodecMatchesTheFramework holds
// it to the framework's Get and Set for every attribute of every data
// source and resource, set, null and unknown, and fails the day a
// framework upgrade converts differently. Switched off, model[T] calls the
// framework's Get and Set.

// codec converts a model struct T to and from values of one schema.
type codec[T any] struct {
	typ    tftypes.Object
	fields []codecField
}

type codecField struct {
	name  string
	index int
	typ   attr.Type
}

// newCodec matches T's tfsdk tags to schemaType, an object type of a
// schema (schema.Type()).
func newCodec[T any](ctx context.Context, schemaType attr.Type) (*codec[T], error) {
	objType, ok := schemaType.(attr.TypeWithAttributeTypes)
	if !ok {
		return nil, fmt.Errorf("schema type %T is not an object", schemaType)
	}
	tfType, ok := schemaType.TerraformType(ctx).(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("schema type %s is not an object", schemaType)
	}
	attrTypes := objType.AttributeTypes()
	rt := reflect.TypeFor[T]()
	c := &codec[T]{typ: tfType}
	seen := map[string]bool{}
	for i := range rt.NumField() {
		f := rt.Field(i)
		name := f.Tag.Get("tfsdk")
		if name == "" || name == "-" {
			return nil, fmt.Errorf("%s.%s has no tfsdk tag", rt, f.Name)
		}
		at, ok := attrTypes[name]
		if !ok {
			return nil, fmt.Errorf("%s.%s: the schema has no attribute %q", rt, f.Name, name)
		}
		if !f.Type.Implements(reflect.TypeFor[attr.Value]()) {
			return nil, fmt.Errorf("%s.%s is a %s, not an attr.Value", rt, f.Name, f.Type)
		}
		seen[name] = true
		c.fields = append(c.fields, codecField{name: name, index: i, typ: at})
	}
	var missing []string
	for name := range attrTypes {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("%s has no field for the schema's %s", rt, strings.Join(missing, ", "))
	}
	return c, nil
}

// decode is v, an object of the schema, as a model.
func (c *codec[T]) decode(ctx context.Context, v tftypes.Value) (T, error) {
	var m T
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return m, err
	}
	rv := reflect.ValueOf(&m).Elem()
	for _, f := range c.fields {
		raw, ok := attrs[f.name]
		if !ok {
			raw = tftypes.NewValue(f.typ.TerraformType(ctx), nil)
		}
		val, err := f.typ.ValueFromTerraform(ctx, raw)
		if err != nil {
			return m, fmt.Errorf("%s: %w", f.name, err)
		}
		field := rv.Field(f.index)
		got := reflect.ValueOf(val)
		if !got.Type().AssignableTo(field.Type()) {
			return m, fmt.Errorf("%s: the schema's type gives a %s, the model holds a %s", f.name, got.Type(), field.Type())
		}
		field.Set(got)
	}
	return m, nil
}

// encode is m as an object of the schema.
func (c *codec[T]) encode(ctx context.Context, m T) (tftypes.Value, error) {
	rv := reflect.ValueOf(m)
	attrs := make(map[string]tftypes.Value, len(c.fields))
	for _, f := range c.fields {
		val, _ := rv.Field(f.index).Interface().(attr.Value) // checked by newCodec
		tv, err := val.ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", f.name, err)
		}
		attrs[f.name] = tv
	}
	return tftypes.NewValue(c.typ, attrs), nil
}

// roundTripper is what every data source and resource offers tests: its
// model's roundTrip.
type roundTripper interface {
	roundTrip(ctx context.Context, v tftypes.Value, viaCodec bool) (decoded any, encoded tftypes.Value, err error)
}

// model is what a data source or resource holds to convert its model: its
// schema, the codec built from it on first use, and its name for
// diagnostics. With the codec switched off (workaround.Codec), it converts
// with the framework's Get and Set instead.
type model[T any] struct {
	name string // such as "hss_export"
	// schema is a state that holds the schema and no value: the form in
	// which the framework's Get and Set take a schema.
	schema func(context.Context) tfsdk.State

	once  sync.Once
	frame tfsdk.State
	codec *codec[T]
	err   error
}

func (m *model[T]) init(ctx context.Context) {
	m.once.Do(func() {
		m.frame = m.schema(ctx)
		m.codec, m.err = newCodec[T](ctx, m.frame.Schema.Type())
	})
}

// decode is raw (a config, plan or state) as a model; a failure is a bug,
// reported as such.
func (m *model[T]) decode(ctx context.Context, raw tftypes.Value, diags *diag.Diagnostics) (T, bool) {
	return m.decodeVia(ctx, raw, diags, workaround.On(workaround.Codec))
}

// encode stores v into *into (a state).
func (m *model[T]) encode(ctx context.Context, v T, into *tftypes.Value, diags *diag.Diagnostics) {
	m.encodeVia(ctx, v, into, diags, workaround.On(workaround.Codec))
}

func (m *model[T]) decodeVia(ctx context.Context, raw tftypes.Value, diags *diag.Diagnostics, viaCodec bool) (T, bool) {
	var v T
	m.init(ctx)
	if !viaCodec {
		s := m.frame
		s.Raw = raw
		d := s.Get(ctx, &v)
		diags.Append(d...)
		return v, !d.HasError()
	}
	err := m.err
	if err == nil {
		v, err = m.codec.decode(ctx, raw)
	}
	if err != nil {
		diags.AddError("Unable to Read "+m.name, "This is a bug in the provider; please report it. "+err.Error())
		return v, false
	}
	return v, true
}

func (m *model[T]) encodeVia(ctx context.Context, v T, into *tftypes.Value, diags *diag.Diagnostics, viaCodec bool) {
	m.init(ctx)
	if !viaCodec {
		s := m.frame
		d := s.Set(ctx, v)
		diags.Append(d...)
		if !d.HasError() {
			*into = s.Raw
		}
		return
	}
	err := m.err
	if err == nil {
		var out tftypes.Value
		if out, err = m.codec.encode(ctx, v); err == nil {
			*into = out
		}
	}
	if err != nil {
		diags.AddError("Unable to Save "+m.name+" State", "This is a bug in the provider; please report it. "+err.Error())
	}
}

// roundTrip decodes v and encodes what it decoded, through the codec or
// the framework, for tests.
func (m *model[T]) roundTrip(ctx context.Context, v tftypes.Value, viaCodec bool) (any, tftypes.Value, error) {
	var diags diag.Diagnostics
	decoded, ok := m.decodeVia(ctx, v, &diags, viaCodec)
	var encoded tftypes.Value
	if ok {
		m.encodeVia(ctx, decoded, &encoded, &diags, viaCodec)
	}
	if diags.HasError() {
		return nil, tftypes.Value{}, fmt.Errorf("%s: %s", diags[0].Summary(), diags[0].Detail())
	}
	return decoded, encoded, nil
}
