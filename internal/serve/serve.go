// Package serve runs the provider as a go-plugin server, the way Terraform
// starts it, with a handshake certificate that costs microseconds.
//
// Terraform starts every provider with go-plugin's automatic mutual TLS: it
// passes its own certificate in PLUGIN_CLIENT_CERT, and the provider answers
// with a certificate of its own in the handshake line. go-plugin (v1.7.0,
// mtls.go) makes both with ECDSA on P-521, the slowest curve Go has: the
// curve's tables, a key and a self-signature cost the provider about 7 ms of
// CPU before it can answer, its handshake signature 0.5 ms more, and
// Terraform 1.7 ms to verify it (upstream/go-plugin-p521-handshake.md). Serve
// gives the provider a P-256 certificate instead (its tables are built into
// Go) and pins the client's: go-plugin only prints the certificate it made
// itself, so Serve writes ours into the handshake line on its way to
// Terraform. Checking Terraform's own P-521 signature remains; package
// prewarm gets its tables ready early.
package serve

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/go-plugin"
)

// Serve serves cfg as plugin.Serve does; when Terraform asks for mutual TLS
// (PLUGIN_CLIENT_CERT), with a P-256 certificate.
func Serve(cfg *plugin.ServeConfig) {
	clientPEM := os.Getenv("PLUGIN_CLIENT_CERT")
	if clientPEM == "" || cfg.TLSProvider != nil {
		plugin.Serve(cfg)
		return
	}
	tlsConfig, der, err := Config([]byte(clientPEM), time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, "terraform-provider-hss: the handshake certificate:", err)
		os.Exit(1)
	}
	cfg.TLSProvider = func() (*tls.Config, error) { return tlsConfig, nil }

	// go-plugin prints the handshake line to os.Stdout, then points
	// os.Stdout at a pipe of its own: the line is all that passes here.
	stdout := os.Stdout
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "terraform-provider-hss:", err)
		os.Exit(1)
	}
	os.Stdout = w
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return
		}
		_, _ = io.WriteString(stdout, WithCertificate(line, der))
	}()
	plugin.Serve(cfg)
}

// WithCertificate returns go-plugin's handshake line
// (core|protocol|network|address|grpc|certificate[|multiplexing]) with an
// empty certificate field filled with der, as go-plugin writes its own:
// unpadded standard base64 of the DER.
func WithCertificate(line string, der []byte) string {
	body, newline := strings.CutSuffix(line, "\n")
	parts := strings.Split(body, "|")
	if len(parts) < 6 || parts[5] != "" {
		return line
	}
	parts[5] = base64.RawStdEncoding.EncodeToString(der)
	body = strings.Join(parts, "|")
	if newline {
		body += "\n"
	}
	return body
}

// Config is the server's TLS configuration: a new ECDSA P-256 certificate for
// localhost (returned in DER too, for the handshake line), and a client
// that must present exactly the certificate in clientPEM and prove that
// it holds its key, as the TLS handshake's CertificateVerify does.
func Config(clientPEM []byte, now time.Time) (*tls.Config, []byte, error) {
	block, _ := pem.Decode(clientPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, nil, errors.New("PLUGIN_CLIENT_CERT holds no PEM certificate")
	}
	if _, err := x509.ParseCertificate(block.Bytes); err != nil {
		return nil, nil, fmt.Errorf("PLUGIN_CLIENT_CERT: %w", err)
	}
	clientDER := block.Bytes

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, nil, err
	}
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		NotBefore:    now.Add(-time.Minute),
		// go-plugin's reaches 30 years; the process does not live that
		// long, and Terraform checks it only when it connects.
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return nil, nil, err
	}
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
		// The client's certificate is pinned, so no chain is built; the
		// handshake still checks its signature with the pinned key.
		ClientAuth: tls.RequireAnyClientCert,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 || !bytes.Equal(raw[0], clientDER) {
				return errors.New("the client's certificate is not the one in PLUGIN_CLIENT_CERT")
			}
			return nil
		},
		MinVersion: tls.VersionTLS12,
		ServerName: "localhost",
	}, der, nil
}
