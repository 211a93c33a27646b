package hsssim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// The verifier reproduces every vector of internal/testdata, which were
// written from the algorithm and computed apart from both Go
// implementations, and accepts each vector's request as signed.
func TestVerifier_Vectors(t *testing.T) {
	raw, err := os.ReadFile("../testdata/signing-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Name, Method, URL, Body string
			Headers                 map[string]string
			SignedHeaders           []string `json:"signed_headers"`
			AccessKey               string   `json:"access_key"`
			SecretKey               string   `json:"secret_key"`
			CanonicalRequest        string   `json:"canonical_request"`
			Authorization           string
		} `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil || len(file.Vectors) == 0 {
		t.Fatalf("signing vectors: %v", err)
	}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			r := httptest.NewRequest(v.Method, v.URL, strings.NewReader(v.Body))
			for k, val := range v.Headers {
				r.Header.Set(k, val)
			}
			sum := sha256.Sum256([]byte(v.Body))
			got := canonicalRequest(r, v.SignedHeaders, hex.EncodeToString(sum[:]))
			if got != v.CanonicalRequest {
				t.Errorf("canonical request:\n got %q\nwant %q", got, v.CanonicalRequest)
			}
			sig := signature(v.SecretKey, v.Headers["x-sdk-date"], got)
			if !strings.HasSuffix(v.Authorization, "Signature="+sig) {
				t.Errorf("signature %s, want the one in %s", sig, v.Authorization)
			}

			// The whole check, as a request reaches the gateway.
			date, _ := time.Parse(sdkDateLayout, v.Headers["x-sdk-date"])
			sim := New(Config{Credentials: []Credential{{AccessKey: v.AccessKey, SecretKey: v.SecretKey,
				SecurityToken: strings.TrimSpace(v.Headers["x-security-token"])}}, Now: func() time.Time { return date }})
			r.Header.Set("Authorization", v.Authorization)
			w := httptest.NewRecorder()
			if status := sim.authenticate(w, r, "req"); status != 0 {
				t.Errorf("the simulator refused the vector's request: %d %s", status, w.Body.String())
			}
			r.Header.Set("Authorization", strings.Replace(v.Authorization, "Signature="+sig[:4], "Signature=0000", 1))
			if status := sim.authenticate(httptest.NewRecorder(), r, "req"); status != http.StatusUnauthorized {
				t.Errorf("a wrong signature answered %d, want 401", status)
			}
		})
	}
}
