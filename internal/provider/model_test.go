package provider

import (
	"context"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every attribute of every data source and resource the provider
// registers survives decode and encode, whether set, null or unknown, and
// the codec (a workaround under ARCHITECTURE.md's rule) decodes the same
// model and encodes the same value as the framework's Get and Set: the
// values are built from each schema, so a field forgotten in a model (or
// an attribute forgotten in a schema) fails here without anyone listing
// it, and so does a framework upgrade that converts differently from the
// codec.
func TestModels_CodecMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	p := &HSSProvider{}
	type schemaOf struct {
		name string
		obj  any
		typ  tftypes.Type
	}
	var all []schemaOf
	for _, newDS := range p.DataSources(ctx) {
		ds := newDS()
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hss"}, &md)
		var sr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
		all = append(all, schemaOf{md.TypeName, ds, sr.Schema.Type().TerraformType(ctx)})
	}
	for _, newR := range p.Resources(ctx) {
		r := newR()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hss"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		all = append(all, schemaOf{md.TypeName, r, sr.Schema.Type().TerraformType(ctx)})
	}
	if len(all) == 0 {
		t.Fatal("the provider registers nothing")
	}
	for _, s := range all {
		t.Run(s.name, func(t *testing.T) {
			rt, ok := s.obj.(roundTripper)
			if !ok {
				t.Fatalf("%T converts its model without model[T] (see model.go)", s.obj)
			}
			for what, v := range map[string]tftypes.Value{
				"every attribute set":     sample(s.typ, set),
				"every attribute null":    sample(s.typ, null),
				"every attribute unknown": sample(s.typ, unknown),
			} {
				viaCodec, gotCodec, err := rt.roundTrip(ctx, v, true)
				if err != nil {
					t.Fatalf("%s, codec: %v", what, err)
				}
				viaFramework, gotFramework, err := rt.roundTrip(ctx, v, false)
				if err != nil {
					t.Fatalf("%s, framework: %v", what, err)
				}
				if !gotFramework.Equal(v) {
					t.Errorf("%s, framework: got\n%s\nwant\n%s", what, gotFramework, v)
				}
				if !gotCodec.Equal(v) {
					t.Errorf("%s, codec: got\n%s\nwant\n%s", what, gotCodec, v)
				}
				sameModel(t, what, viaCodec, viaFramework)
			}
		})
	}
}

// sameModel fails unless two models hold equal values, field by field.
func sameModel(t *testing.T, what string, codec, framework any) {
	t.Helper()
	c, f := reflect.ValueOf(codec), reflect.ValueOf(framework)
	if c.Type() != f.Type() {
		t.Fatalf("%s: the codec decodes a %s, the framework a %s", what, c.Type(), f.Type())
	}
	for i := range c.NumField() {
		cv, _ := c.Field(i).Interface().(attr.Value)
		fv, _ := f.Field(i).Interface().(attr.Value)
		if cv == nil || fv == nil || !cv.Equal(fv) {
			t.Errorf("%s: %s.%s is %v through the codec, %v through the framework", what, c.Type(), c.Type().Field(i).Name, cv, fv)
		}
	}
}

type fill int

const (
	set fill = iota
	null
	unknown
)

// sample is a value of typ whose attributes are all set (recursively, with
// non-zero values), all null or all unknown; the object itself is known.
func sample(typ tftypes.Type, f fill) tftypes.Value {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return leaf(typ)
	}
	attrs := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		switch f {
		case null:
			attrs[name] = tftypes.NewValue(at, nil)
		case unknown:
			attrs[name] = tftypes.NewValue(at, tftypes.UnknownValue)
		default:
			attrs[name] = sample(at, set)
		}
	}
	return tftypes.NewValue(typ, attrs)
}

// leaf is a set, non-zero value of a type that is not an object.
func leaf(typ tftypes.Type) tftypes.Value {
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, "x")
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, true)
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(42))
	case typ.Is(tftypes.DynamicPseudoType):
		return tftypes.NewValue(tftypes.String, "x")
	}
	switch t := typ.(type) {
	case tftypes.List:
		return tftypes.NewValue(typ, []tftypes.Value{sample(t.ElementType, set)})
	case tftypes.Set:
		return tftypes.NewValue(typ, []tftypes.Value{sample(t.ElementType, set)})
	case tftypes.Map:
		return tftypes.NewValue(typ, map[string]tftypes.Value{"k": sample(t.ElementType, set)})
	case tftypes.Tuple:
		var elems []tftypes.Value
		for _, et := range t.ElementTypes {
			elems = append(elems, sample(et, set))
		}
		return tftypes.NewValue(typ, elems)
	}
	panic("no sample for " + typ.String())
}
