// Package prewarm prepares, while the provider's packages initialise, the
// P-521 tables that checking Terraform's handshake signature will need.
//
// Terraform's certificate is ECDSA on P-521 (go-plugin's choice), and the
// provider checks its signature in the TLS handshake. Go builds the
// curve's table of base-point multiples on first use: about 6 ms of CPU
// at every start, which would otherwise wait until Terraform connects.
// main imports this package for its init alone; it has no dependencies
// that initialise late, so the work starts a few milliseconds after the
// process does and runs on another core.
package prewarm

import (
	"crypto/ecdh"
	"crypto/rand"
	"os"
)

func init() {
	// Only when Terraform asks for mutual TLS, not in -debug mode or when
	// the binary is run by hand.
	if os.Getenv("PLUGIN_CLIENT_CERT") != "" {
		go func() { _, _ = ecdh.P521().GenerateKey(rand.Reader) }()
	}
}
