package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// textCheck is what a text value must be. The schema validates configured
// values with it (validator), and Configure the values that come from a
// CLI profile or the environment, so a value is held to the same rules
// wherever it comes from.
type textCheck struct {
	test func(string) error
	// description says what the value must be, for the docs' validators.
	description string
	// show quotes a rejected value for the message; nil for credentials,
	// which are never repeated.
	show func(string) string
}

// The checks of the provider's and the data sources' text arguments.
var (
	pathSegmentRules = "must be 1 to 64 characters, not . or .., without /, ?, #, whitespace or control characters"
	taskIDCheck      = textCheck{test: hss.ValidateTaskID, show: strconv.Quote, description: pathSegmentRules}
	// An empty file_id is what an export that has not finished gives: it
	// is refused where a download is planned (hss_export_file's
	// ModifyPlan), not here, so that such a configuration can still be
	// destroyed.
	fileIDCheck = textCheck{show: strconv.Quote, description: pathSegmentRules, test: func(s string) error {
		if s == "" {
			return nil
		}
		return hss.ValidateFileID(s)
	}}
	projectIDCheck = textCheck{test: hss.ValidateProjectID, show: strconv.Quote, description: pathSegmentRules}
	regionCheck    = textCheck{test: hss.ValidateRegion, show: strconv.Quote, description: "must be a region id such as cn-north-4"}
	endpointCheck  = textCheck{test: checkEndpoint, show: hss.RedactURL, description: "must be an absolute http(s) URL"}
	cloudCheck     = textCheck{test: hss.ValidateCloud, show: strconv.Quote, description: "must be a domain name"}
	// A password may have spaces: it travels in a JSON body, not a header.
	passwordCheck = textCheck{test: checkText(256, true), description: "must be 1 to 256 characters without control characters"}
	pathCheck     = textCheck{test: checkText(4096, true), show: strconv.Quote, description: "must be a file path"}
	profileCheck  = textCheck{test: checkText(128, true), show: strconv.Quote, description: "must be a profile name"}
	// A duration of zero or less would fail every read before its first
	// request; what does not parse is left to the timeouts library.
	positiveDurationCheck = textCheck{show: strconv.Quote, description: `must be a positive duration such as "30s" or "10m"`,
		test: func(s string) error {
			if d, err := time.ParseDuration(s); err == nil && d <= 0 {
				return errors.New(`must be a positive duration such as "30s" or "10m"`)
			}
			return nil
		}}
)

// printable holds identifiers and credentials to what can be sent in a URL
// or a header: 1 to maxLen characters, no whitespace or control
// characters. It never repeats the value, which may be a secret.
func printable(maxLen int) textCheck {
	return textCheck{test: checkText(maxLen, false),
		description: fmt.Sprintf("must be 1 to %d characters without whitespace or control characters", maxLen)}
}

// validator is c as a schema validator. Null and unknown values are
// skipped: Configure and Read handle those.
func (c textCheck) validator() validator.String { return c }

func (c textCheck) Description(context.Context) string { return c.description }

func (c textCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c textCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if err := c.test(value); err != nil {
		detail := fmt.Sprintf("%s %s.", req.Path, err)
		if c.show != nil {
			detail = fmt.Sprintf("%s %s; got %s.", req.Path, err, c.show(value))
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value", detail)
	}
}

func checkEndpoint(s string) error {
	_, err := hss.ParseEndpoint(s)
	return err
}

// checkText is hss.ValidateText as a check.
func checkText(maxLen int, spaces bool) func(string) error {
	return func(s string) error { return hss.ValidateText(s, maxLen, spaces) }
}

// wholeNumber holds a number attribute to a whole number in [min, max].
// Whole-number arguments are numbers with this check rather than Int64
// attributes: for 1.5 the framework's Int64 type reports "Configuration
// Read Error ... This is always an error in the provider ... Value
// %!s(*big.Float=1.5) is not an integer" (upstream/terraform-plugin-framework-int64-fraction.md).
type wholeNumber struct{ min, max int64 }

var _ validator.Number = wholeNumber{}

func wholeNumberValidator(minimum, maximum int64) validator.Number {
	return wholeNumber{min: minimum, max: maximum}
}

func (v wholeNumber) Description(context.Context) string {
	return fmt.Sprintf("must be a whole number between %d and %d", v.min, v.max)
}

func (v wholeNumber) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v wholeNumber) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f := req.ConfigValue.ValueBigFloat()
	if _, ok := wholeIn(f, v.min, v.max); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("%s %s, got %s.", req.Path, v.Description(ctx), f.Text('g', -1)))
	}
}

// wholeIn is f as an int64 when it is a whole number in [minimum, maximum].
func wholeIn(f *big.Float, minimum, maximum int64) (int64, bool) {
	if f == nil || !f.IsInt() {
		return 0, false
	}
	n, acc := f.Int64()
	return n, acc == big.Exact && n >= minimum && n <= maximum
}
