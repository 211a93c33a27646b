package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework's Int64 type turns a fractional number into an error that
// blames the provider and reads "Value %!s(*big.Float=1.5) is not an
// integer" (upstream/terraform-plugin-framework-int64-fraction.md); that is
// why whole-number arguments are Number attributes with wholeNumber. When
// this test fails, the framework is fixed and the workaround can go.
func TestUpstream_FrameworkInt64MisreportsAFraction(t *testing.T) {
	_, err := basetypes.Int64Type{}.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.Number, big.NewFloat(1.5)))
	if err == nil || !strings.Contains(err.Error(), "%!s(*big.Float=1.5)") {
		t.Fatalf("the framework now says %v: check whether max_retries can be an Int64Attribute again", err)
	}
}
