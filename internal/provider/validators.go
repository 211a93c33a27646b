package provider

import (
	"context"
	"fmt"
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
	// echo puts the rejected value in the message; off for credentials.
	echo bool
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
		if v.echo {
			detail = fmt.Sprintf("%s %s; got %q.", req.Path, err, value)
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value", detail)
	}
}

func taskIDValidator() validator.String {
	return stringCheck{check: hss.ValidateTaskID, echo: true,
		description: "must be 1 to 64 characters, not . or .., without /, ?, #, whitespace or control characters"}
}

func regionValidator() validator.String {
	return stringCheck{check: hss.ValidateRegion, echo: true, description: "must be a region id such as cn-north-4"}
}

func endpointValidator() validator.String {
	return stringCheck{check: checkEndpoint, echo: true, description: "must be an absolute http(s) URL"}
}

func cloudValidator() validator.String {
	return stringCheck{check: hss.ValidateCloud, echo: true, description: "must be a domain name"}
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
