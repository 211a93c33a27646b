package provider

// Every timeouts attribute is built here, the same way: the timeouts
// library's attribute, a description of the block that says what each
// duration bounds, and positiveDurationCheck on every duration (the library
// checks that one parses; a zero or negative one would fail every
// operation before its first request). The library's data source and
// resource packages have schema types of their own, hence two builders;
// what they share is the block description and the check. Read a duration
// with the library's getters (m.Timeouts.Create(ctx, def) and so on).

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// resourceTimeouts is a resource's timeouts attribute.
func resourceTimeouts(ctx context.Context, block string, opts timeouts.Opts) schema.Attribute {
	attr := timeouts.Attributes(ctx, opts)
	nested, ok := attr.(schema.SingleNestedAttribute)
	if !ok {
		return attr
	}
	nested.MarkdownDescription = block
	for name, a := range nested.Attributes {
		if d, ok := a.(schema.StringAttribute); ok {
			d.Validators = append(d.Validators, positiveDurationCheck.validator())
			nested.Attributes[name] = d
		}
	}
	return nested
}

// dataSourceTimeouts is a data source's timeouts attribute.
func dataSourceTimeouts(ctx context.Context, block string, opts dstimeouts.Opts) dsschema.Attribute {
	attr := dstimeouts.AttributesWithOpts(ctx, opts)
	nested, ok := attr.(dsschema.SingleNestedAttribute)
	if !ok {
		return attr
	}
	nested.MarkdownDescription = block
	for name, a := range nested.Attributes {
		if d, ok := a.(dsschema.StringAttribute); ok {
			d.Validators = append(d.Validators, positiveDurationCheck.validator())
			nested.Attributes[name] = d
		}
	}
	return nested
}
