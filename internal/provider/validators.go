package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// stringCheck turns a check shared with Configure's environment fallbacks
// into a schema validator, so a value is held to the same rules wherever it
// comes from. Null and unknown values are skipped: Configure and Read
// handle those.
type stringCheck struct {
	check       func(string) error
	description string
	// show quotes the rejected value for the message; nil for credentials,
	// which are never repeated.
	show func(string) string
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string { return v.description }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if err := v.check(value); err != nil {
		detail := fmt.Sprintf("%s %s.", req.Path, err)
		if v.show != nil {
			detail = fmt.Sprintf("%s %s; got %s.", req.Path, err, v.show(value))
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value", detail)
	}
}

func taskIDValidator() validator.String {
	return stringCheck{check: hss.ValidateTaskID, show: strconv.Quote,
		description: "must be 1 to 64 characters, not . or .., without /, ?, #, whitespace or control characters"}
}

func projectIDValidator() validator.String {
	return stringCheck{check: hss.ValidateProjectID, show: strconv.Quote,
		description: "must be 1 to 64 characters, not . or .., without /, ?, #, whitespace or control characters"}
}

// positiveDurationValidator refuses a duration of zero or less. What does
// not parse is left to the timeouts library's own validator.
func positiveDurationValidator() validator.String {
	return stringCheck{show: strconv.Quote, description: "must be a positive duration such as \"30s\" or \"10m\"",
		check: func(s string) error {
			if d, err := time.ParseDuration(s); err == nil && d <= 0 {
				return errors.New("must be a positive duration such as \"30s\" or \"10m\"")
			}
			return nil
		}}
}

func regionValidator() validator.String {
	return stringCheck{check: hss.ValidateRegion, show: strconv.Quote, description: "must be a region id such as cn-north-4"}
}

func endpointValidator() validator.String {
	return stringCheck{check: checkEndpoint, show: hss.RedactURL, description: "must be an absolute http(s) URL"}
}

func cloudValidator() validator.String {
	return stringCheck{check: hss.ValidateCloud, show: strconv.Quote, description: "must be a domain name"}
}

// printableValidator holds identifiers and credentials to what can be sent
// in a URL or a header: non-empty, at most maxLen characters, no whitespace or
// control characters. It never repeats the value, which may be a secret.
func printableValidator(maxLen int) validator.String {
	return stringCheck{check: checkPrintable(maxLen),
		description: fmt.Sprintf("must be 1 to %d characters without whitespace or control characters", maxLen)}
}

// passwordValidator allows spaces, unlike printableValidator: a password
// may have them, and it travels in a JSON body, not a header.
func passwordValidator() validator.String {
	return stringCheck{check: checkPassword, description: "must be 1 to 256 characters without control characters"}
}

var checkPassword = checkText(256, true)

func checkEndpoint(s string) error {
	_, err := hss.ParseEndpoint(s)
	return err
}

func checkPrintable(maxLen int) func(string) error { return checkText(maxLen, false) }

// checkText holds a value to 1 to maxLen characters of valid UTF-8 with no
// control characters and, unless spaces is set, no whitespace.
func checkText(maxLen int, spaces bool) func(string) error {
	return func(s string) error {
		switch {
		case s == "":
			return fmt.Errorf("must not be empty")
		case !utf8.ValidString(s):
			return fmt.Errorf("must be valid UTF-8")
		case utf8.RuneCountInString(s) > maxLen:
			return fmt.Errorf("must be at most %d characters", maxLen)
		}
		for _, r := range s {
			if unicode.IsControl(r) || (!spaces && unicode.IsSpace(r)) {
				if spaces {
					return fmt.Errorf("must not contain control characters")
				}
				return fmt.Errorf("must not contain whitespace or control characters")
			}
		}
		return nil
	}
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
