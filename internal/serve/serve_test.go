package serve

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

func TestWithCertificate(t *testing.T) {
	der := []byte("certificate bytes")
	cert := base64.RawStdEncoding.EncodeToString(der)
	for _, tc := range []struct{ name, in, want string }{
		{"fills the empty certificate field", "1|6|unix|/tmp/plugin1|grpc|\n", "1|6|unix|/tmp/plugin1|grpc|" + cert + "\n"},
		{"keeps the multiplexing field after it", "1|6|unix|/tmp/plugin1|grpc||true\n", "1|6|unix|/tmp/plugin1|grpc|" + cert + "|true\n"},
		{"leaves a certificate that is there", "1|6|unix|/tmp/plugin1|grpc|other\n", "1|6|unix|/tmp/plugin1|grpc|other\n"},
		{"leaves a line it does not know", "1|6|unix\n", "1|6|unix\n"},
		{"works without a newline", "1|6|tcp|127.0.0.1:1|grpc|", "1|6|tcp|127.0.0.1:1|grpc|" + cert},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := WithCertificate(tc.in, der); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// clientCertificate makes a certificate as go-plugin's client does
// (ECDSA P-521, self-signed, for localhost).
func clientCertificate(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// handshake runs a TLS handshake between the server's configuration and a
// client configured as go-plugin's is once it has read the handshake line
// (the server's certificate as its only root), presenting certs.
func handshake(t *testing.T, server *tls.Config, serverDER []byte, certs []tls.Certificate) (serverErr, clientErr error) {
	t.Helper()
	parsed, err := x509.ParseCertificate(serverDER)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(parsed)
	a, b := net.Pipe()
	defer func() { _ = a.Close(); _ = b.Close() }()
	errs := make(chan error, 1)
	go func() {
		s := tls.Server(a, server)
		err := s.Handshake()
		_ = s.Close()
		errs <- err
	}()
	c := tls.Client(b, &tls.Config{Certificates: certs, RootCAs: roots, ServerName: "localhost", MinVersion: tls.VersionTLS12})
	clientErr = c.Handshake()
	if clientErr == nil {
		// In TLS 1.3 the server judges the client's certificate after the
		// client has finished; a read shows its verdict.
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, clientErr = c.Read(make([]byte, 1))
		if clientErr != nil && strings.Contains(clientErr.Error(), "EOF") {
			clientErr = nil
		}
	}
	_ = c.Close()
	return <-errs, clientErr
}

func TestConfig(t *testing.T) {
	terraform, terraformPEM := clientCertificate(t)
	server, der, err := Config(terraformPEM, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Terraform's client trusts the certificate of the handshake line, and the server trusts Terraform", func(t *testing.T) {
		if serverErr, clientErr := handshake(t, server, der, []tls.Certificate{terraform}); serverErr != nil || clientErr != nil {
			t.Errorf("server: %v; client: %v", serverErr, clientErr)
		}
	})
	t.Run("a client with another certificate is refused", func(t *testing.T) {
		other, _ := clientCertificate(t)
		serverErr, _ := handshake(t, server, der, []tls.Certificate{other})
		if serverErr == nil || !strings.Contains(serverErr.Error(), "not the one in PLUGIN_CLIENT_CERT") {
			t.Errorf("server: %v", serverErr)
		}
	})
	t.Run("a client with Terraform's certificate but another key is refused", func(t *testing.T) {
		other, _ := clientCertificate(t)
		stolen := tls.Certificate{Certificate: terraform.Certificate, PrivateKey: other.PrivateKey}
		if serverErr, _ := handshake(t, server, der, []tls.Certificate{stolen}); serverErr == nil {
			t.Error("the server accepted a client that does not hold the certificate's key")
		}
	})
	t.Run("a client without a certificate is refused", func(t *testing.T) {
		if serverErr, _ := handshake(t, server, der, nil); serverErr == nil {
			t.Error("the server accepted a client without a certificate")
		}
	})
	t.Run("PLUGIN_CLIENT_CERT without a certificate is an error", func(t *testing.T) {
		for _, bad := range []string{"", "not pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"} {
			if _, _, err := Config([]byte(bad), time.Now()); err == nil {
				t.Errorf("%q: no error", bad)
			}
		}
	})
}
