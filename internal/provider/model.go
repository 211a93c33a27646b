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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Data sources and resources convert between their model structs and
// Terraform's wire values with a codec rather than tfsdk.Config.Get and
// tfsdk.State.Set: the framework's reflection compiles a regular
// expression for every struct field on every call, which cost more CPU and
// allocated more than a whole HTTP read. A codec matches the struct's tfsdk
// tags to the schema once, failing if either has a name the other lacks,
// and then converts each attribute with the attribute's own type (custom
// types such as timeouts included), so nothing is hand-listed per type and
// nothing can be silently dropped. TestModels_RoundTripEveryAttribute
// exercises every attribute of every data source and resource.

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

// roundTrip decodes and encodes v, for tests that every attribute survives.
func (c *codec[T]) roundTrip(ctx context.Context, v tftypes.Value) (tftypes.Value, error) {
	m, err := c.decode(ctx, v)
	if err != nil {
		return tftypes.Value{}, err
	}
	return c.encode(ctx, m)
}

// lazyCodec builds a codec on first use, from a schema that is fixed for
// the life of the process.
type lazyCodec[T any] struct {
	once sync.Once
	c    *codec[T]
	err  error
}

func (l *lazyCodec[T]) get(ctx context.Context, schemaType func() attr.Type) (*codec[T], error) {
	l.once.Do(func() { l.c, l.err = newCodec[T](ctx, schemaType()) })
	return l.c, l.err
}

// roundTripper is what every data source and resource offers tests: its
// codec's roundTrip.
type roundTripper interface {
	roundTrip(ctx context.Context, v tftypes.Value) (tftypes.Value, error)
}

// model is what a data source or resource holds to convert its model: a
// codec built on first use from its schema, and its name for diagnostics.
type model[T any] struct {
	name   string // such as "hss_export"
	schema func(context.Context) attr.Type
	lazy   lazyCodec[T]
}

func (m *model[T]) codec(ctx context.Context) (*codec[T], error) {
	return m.lazy.get(ctx, func() attr.Type { return m.schema(ctx) })
}

func (m *model[T]) roundTrip(ctx context.Context, v tftypes.Value) (tftypes.Value, error) {
	c, err := m.codec(ctx)
	if err != nil {
		return tftypes.Value{}, err
	}
	return c.roundTrip(ctx, v)
}

// decode is raw (a config, plan or state) as a model; a failure is a bug,
// reported as such.
func (m *model[T]) decode(ctx context.Context, raw tftypes.Value, diags *diag.Diagnostics) (T, bool) {
	var zero T
	c, err := m.codec(ctx)
	if err != nil {
		diags.AddError("Unable to Read "+m.name, "This is a bug in the provider; please report it. "+err.Error())
		return zero, false
	}
	v, err := c.decode(ctx, raw)
	if err != nil {
		diags.AddError("Unable to Read "+m.name, "This is a bug in the provider; please report it. "+err.Error())
		return zero, false
	}
	return v, true
}

// encode stores v into *into (a state).
func (m *model[T]) encode(ctx context.Context, v T, into *tftypes.Value, diags *diag.Diagnostics) {
	c, err := m.codec(ctx)
	if err == nil {
		*into, err = c.encode(ctx, v)
	}
	if err != nil {
		diags.AddError("Unable to Save "+m.name+" State", "This is a bug in the provider; please report it. "+err.Error())
	}
}
