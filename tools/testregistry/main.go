// Command testregistry serves a release directory (goreleaser's dist/) as
// a Terraform provider registry on loopback, over HTTPS, so that
// `terraform init` and `tofu init` install the provider the way users get
// it: service discovery at /.well-known/terraform.json, the versions list,
// and a download answer naming the zip, SHA256SUMS, its signature and the
// public key to check it with (the provider registry protocol).
//
// It writes the address it listens on to -addr-file and a self-signed
// certificate for localhost and 127.0.0.1 to -cert-file, for SSL_CERT_FILE.
// -break makes one thing wrong, for the checks that must then fail:
// "signature" (SHA256SUMS signed by another key), "checksum" (the zip's
// shasum) or "protocol" (the manifest naming a protocol version the
// provider does not speak).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	dist := flag.String("dist", "dist", "the release directory: zips, SHA256SUMS, its .sig, the manifest")
	key := flag.String("key", "", "the ASCII-armoured public key that signed SHA256SUMS")
	keyID := flag.String("key-id", "", "the key's id, in hex")
	addrFile := flag.String("addr-file", "", "write host:port here once listening")
	certFile := flag.String("cert-file", "", "write the server's certificate (PEM) here")
	breakWhat := flag.String("break", "", `make one thing wrong: "signature", "checksum" or "protocol"`)
	flag.Parse()

	armor, err := os.ReadFile(*key)
	if err != nil {
		log.Fatal(err)
	}
	rel, err := readRelease(*dist)
	if err != nil {
		log.Fatal(err)
	}
	if *breakWhat == "protocol" {
		// As if the manifest named a protocol this provider does not speak.
		rel.protocols = []string{"4.0"}
	}
	cert, der, err := certificate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	host := fmt.Sprintf("localhost:%d", port)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/terraform.json", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"providers.v1": "/v1/providers/"})
	})
	mux.HandleFunc("GET /v1/providers/{namespace}/{type}/versions", func(w http.ResponseWriter, r *http.Request) {
		if !rel.serves(r) {
			http.NotFound(w, r)
			return
		}
		var platforms []map[string]string
		for _, p := range rel.platforms {
			os, arch, _ := strings.Cut(p, "_")
			platforms = append(platforms, map[string]string{"os": os, "arch": arch})
		}
		writeJSON(w, map[string]any{"versions": []any{map[string]any{
			"version": rel.version, "protocols": rel.protocols, "platforms": platforms}}})
	})
	mux.HandleFunc("GET /v1/providers/{namespace}/{type}/{version}/download/{os}/{arch}", func(w http.ResponseWriter, r *http.Request) {
		platform := r.PathValue("os") + "_" + r.PathValue("arch")
		zip, ok := rel.zips[platform]
		if !rel.serves(r) || r.PathValue("version") != rel.version || !ok {
			http.NotFound(w, r)
			return
		}
		sum := rel.sums[zip]
		if *breakWhat == "checksum" {
			sum = strings.Repeat("0", 64)
		}
		base := "https://" + host + "/files/"
		sig := filepath.Base(rel.sumsFile) + ".sig"
		if *breakWhat == "signature" {
			sig = filepath.Base(rel.sumsFile) + ".other.sig"
		}
		writeJSON(w, map[string]any{
			"protocols": rel.protocols, "os": r.PathValue("os"), "arch": r.PathValue("arch"),
			"filename": zip, "download_url": base + zip, "shasum": sum,
			"shasums_url": base + filepath.Base(rel.sumsFile), "shasums_signature_url": base + sig,
			"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]string{
				"key_id": *keyID, "ascii_armor": string(armor)}}},
		})
	})
	mux.Handle("GET /files/", http.StripPrefix("/files/", http.FileServer(http.Dir(*dist))))

	srv := &http.Server{Handler: logged(mux), TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}},
		ReadHeaderTimeout: 10 * time.Second}
	if err := os.WriteFile(*addrFile, []byte(host), 0o600); err != nil {
		log.Fatal(err)
	}
	log.Fatal(srv.ServeTLS(ln, "", ""))
}

// release is what a release directory holds.
type release struct {
	namespace, name, version string
	protocols                []string
	platforms                []string          // os_arch
	zips                     map[string]string // os_arch → file name
	sums                     map[string]string // file name → sha256
	sumsFile                 string
}

func (rel *release) serves(r *http.Request) bool {
	return r.PathValue("namespace") == rel.namespace && r.PathValue("type") == rel.name
}

var zipName = regexp.MustCompile(`^terraform-provider-([a-z0-9-]+)_([^_]+)_([a-z0-9]+)_([a-z0-9]+)\.zip$`)

// readRelease reads goreleaser's layout: terraform-provider-NAME_VERSION_OS_ARCH.zip,
// terraform-provider-NAME_VERSION_SHA256SUMS (and its .sig), and the
// manifest copied as terraform-provider-NAME_VERSION_manifest.json.
func readRelease(dist string) (*release, error) {
	rel := &release{namespace: "hss-community", zips: map[string]string{}, sums: map[string]string{}}
	entries, err := os.ReadDir(dist)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if m := zipName.FindStringSubmatch(e.Name()); m != nil {
			rel.name, rel.version = m[1], m[2]
			platform := m[3] + "_" + m[4]
			rel.zips[platform] = e.Name()
			rel.platforms = append(rel.platforms, platform)
		}
		if strings.HasSuffix(e.Name(), "_SHA256SUMS") {
			rel.sumsFile = filepath.Join(dist, e.Name())
		}
	}
	if rel.version == "" || rel.sumsFile == "" {
		return nil, fmt.Errorf("%s holds no provider zips or no SHA256SUMS", dist)
	}
	sums, err := os.ReadFile(rel.sumsFile)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		if sum, file, ok := strings.Cut(line, "  "); ok {
			rel.sums[file] = sum
		}
	}
	manifest, err := os.ReadFile(filepath.Join(dist, fmt.Sprintf("terraform-provider-%s_%s_manifest.json", rel.name, rel.version)))
	if err != nil {
		return nil, err
	}
	var mf struct {
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(manifest, &mf); err != nil || len(mf.Metadata.ProtocolVersions) == 0 {
		return nil, fmt.Errorf("the manifest names no protocol versions (%v)", err)
	}
	rel.protocols = mf.Metadata.ProtocolVersions
	for file, sum := range rel.sums {
		if !checks(filepath.Join(dist, file), sum) {
			return nil, fmt.Errorf("%s does not match SHA256SUMS", file)
		}
	}
	return rel, nil
}

func checks(path, sum string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	got := sha256.Sum256(b)
	return hex.EncodeToString(got[:]) == sum
}

// certificate is a self-signed P-256 certificate for localhost and
// 127.0.0.1, valid for a day.
func certificate() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, der, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s", r.Method, r.URL.Path)
		h.ServeHTTP(w, r)
	})
}
