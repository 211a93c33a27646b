// Package prewarm prepares, while the provider's packages initialise, the
// P-521 tables that checking Terraform's handshake signature will need.
//
// Terraform's certificate is ECDSA on P-521 (go-plugin's choice), and the
// provider checks its signature in the TLS handshake. Go builds the
// curve's table of base-point multiples on first use: about 6 ms of CPU
// at every start, which would otherwise wait until Terraform connects.
// main imports this package for its init alone. It imports as little as
// it can, so that Go initialises it among the first packages, and the
// work runs on another core while the rest initialise.
package prewarm

import (
	"crypto/ecdh"
	"syscall"
)

func init() {
	// Only when Terraform asks for mutual TLS, not in -debug mode or when
	// the binary is run by hand.
	if _, ok := syscall.Getenv("PLUGIN_CLIENT_CERT"); ok {
		go func() {
			// Any valid scalar does: deriving its public key is a
			// multiplication of the base point, which builds the tables.
			scalar := make([]byte, 66)
			scalar[65] = 1
			_, _ = ecdh.P521().NewPrivateKey(scalar)
		}()
	}
}
