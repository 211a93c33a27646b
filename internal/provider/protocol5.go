package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
)

// Terraform before 1.0 speaks only plugin protocol 5 (and 4), and this
// provider needs protocol 6 (nested attributes such as assume_role and
// timeouts). Served alone, protocol 6 ends such a Terraform at the
// handshake with "Incompatible API version with plugin"; main therefore
// also offers protocol 5, through TooOldTerraform, whose every answer is
// the reason and what to do.

// TooOldMessage is what a Terraform too old for this provider is told.
const TooOldMessage = "terraform-provider-hss needs Terraform 1.0 or later, or OpenTofu: it speaks plugin " +
	"protocol 6, and this Terraform speaks only protocol 5. Upgrade Terraform (1.5.7 and later are tested)."

// TooOldTerraform is the protocol 5 server that main offers beside the
// real, protocol 6 one: it answers the first call any Terraform makes with
// TooOldMessage.
type TooOldTerraform struct {
	tfprotov5.ProviderServer // never called: Terraform stops at the first error
}

func tooOld() []*tfprotov5.Diagnostic {
	return []*tfprotov5.Diagnostic{{Severity: tfprotov5.DiagnosticSeverityError,
		Summary: "Terraform Too Old for the HSS Provider", Detail: TooOldMessage}}
}

// GetMetadata answers with the reason.
func (TooOldTerraform) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	return &tfprotov5.GetMetadataResponse{Diagnostics: tooOld()}, nil
}

// GetProviderSchema answers with the reason.
func (TooOldTerraform) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	return &tfprotov5.GetProviderSchemaResponse{Diagnostics: tooOld()}, nil
}

// PrepareProviderConfig answers with the reason.
func (TooOldTerraform) PrepareProviderConfig(context.Context, *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{Diagnostics: tooOld()}, nil
}

// ConfigureProvider answers with the reason.
func (TooOldTerraform) ConfigureProvider(context.Context, *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	return &tfprotov5.ConfigureProviderResponse{Diagnostics: tooOld()}, nil
}

// StopProvider has nothing to stop.
func (TooOldTerraform) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}
