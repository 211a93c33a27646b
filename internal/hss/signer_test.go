package hss

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCanonicalURI(t *testing.T) {
	cases := []struct {
		name, path, want string
	}{
		{"an empty path becomes a single slash", "", "/"},
		{"a path always ends in a slash", "/v5/p/export-task/t", "/v5/p/export-task/t/"},
		{"a trailing slash is not doubled", "/path/", "/path/"},
		{"an escaped percent stays escaped once", "/v5/p/export-task/a%25b", "/v5/p/export-task/a%25b/"},
		{"reserved characters are escaped upper-case", "/a:b@c$d", "/a%3Ab%40c%24d/"},
		{"lower-case escapes are normalised", "/a%3ab", "/a%3Ab/"},
		{"non-ASCII is escaped as UTF-8 bytes", "/%E4%BB%BB%E5%8A%A1", "/%E4%BB%BB%E5%8A%A1/"},
		{"unreserved characters are kept", "/A-z_0.9~", "/A-z_0.9~/"},
		{"an escaped space is %20, never +", "/a%20b", "/a%20b/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanonicalURI(c.path); got != c.want {
				t.Errorf("CanonicalURI(%q) = %q, want %q", c.path, got, c.want)
			}
		})
	}
}

func TestCanonicalQuery(t *testing.T) {
	cases := []struct {
		name, raw, want string
	}{
		{"no query is empty", "", ""},
		{"keys are sorted", "b=2&a=1", "a=1&b=2"},
		{"values of one key are sorted", "k=z&k=a&k=m", "k=a&k=m&k=z"},
		{"a space is %20; a + is a plus, as RFC 3986 and the gateway read it", "q=a+b&r=c%20d", "q=a%2Bb&r=c%20d"},
		{"reserved characters in values are escaped", "ep=a%2Fb%3Fc", "ep=a%2Fb%3Fc"},
		{"non-ASCII values are escaped as UTF-8", "name=%E4%BB%BB", "name=%E4%BB%BB"},
		{"a key without a value keeps an empty value", "flag&a=1", "a=1&flag="},
		{"escaped keys are sorted by their decoded form", "b%20c=1&b=2", "b=2&b%20c=1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanonicalQuery(c.raw); got != c.want {
				t.Errorf("CanonicalQuery(%q) = %q, want %q", c.raw, got, c.want)
			}
		})
	}
}

func TestSigner_Sign(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	s := Signer{AccessKey: "AK", SecretKey: "SK"}

	t.Run("signs host, the user agent, project and date, as the SDK does but for host, and the signature verifies", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, "https://hss.cn-north-4.myhuaweicloud.com/v5/p1/export-task/t1?enterprise_project_id=0", nil)
		req.Header.Set("X-Project-Id", "p1")
		req.Header.Set("User-Agent", "test")
		s.Sign(req, "", now)

		if got := req.Header.Get("X-Sdk-Date"); got != "20261129T100000Z" {
			t.Errorf("X-Sdk-Date = %q", got)
		}
		auth := req.Header.Get("Authorization")
		if !strings.Contains(auth, "SignedHeaders=host;user-agent;x-project-id;x-sdk-date,") {
			t.Errorf("signed headers in %q", auth)
		}
		canonical := "GET\n/v5/p1/export-task/t1/\nenterprise_project_id=0\n" +
			"host:hss.cn-north-4.myhuaweicloud.com\nuser-agent:test\nx-project-id:p1\nx-sdk-date:20261129T100000Z\n\n" +
			"host;user-agent;x-project-id;x-sdk-date\n" + emptyBodySHA256
		if !strings.HasSuffix(auth, "Signature="+referenceSignature("SK", "20261129T100000Z", canonical)) {
			t.Errorf("signature in %q does not match the reference computation", auth)
		}
	})

	t.Run("a security token is signed too", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, "https://h/p", nil)
		req.Header.Set("X-Security-Token", "st")
		s.Sign(req, "", now)
		if auth := req.Header.Get("Authorization"); !strings.Contains(auth, "SignedHeaders=host;x-sdk-date;x-security-token,") {
			t.Errorf("signed headers in %q", auth)
		}
	})

	t.Run("a body hash replaces the empty-body hash", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, "https://h/p", nil)
		req.Header.Set("X-Sdk-Date", "20261129T100000Z")
		bodyHash := sha256.Sum256([]byte(`{"a":1}`))
		got := CanonicalRequest(req, []string{"x-sdk-date"}, hex.EncodeToString(bodyHash[:]))
		if !strings.HasSuffix(got, "\n"+hex.EncodeToString(bodyHash[:])) || strings.Contains(got, emptyBodySHA256) {
			t.Errorf("canonical request %q does not end with the body hash", got)
		}
	})

	t.Run("a retry with a new date gets a new signature", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, "https://h/p", nil)
		s.Sign(req, "", now)
		first := req.Header.Get("Authorization")
		s.Sign(req, "", now.Add(time.Second))
		if req.Header.Get("Authorization") == first {
			t.Error("the signature did not change with X-Sdk-Date")
		}
	})
}

// referenceSignature computes the signature straight from the published
// steps, independently of Signer's code path.
func referenceSignature(sk, date, canonical string) string {
	h := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(h[:])))
	return hex.EncodeToString(mac.Sum(nil))
}

func BenchmarkSigner_Sign(b *testing.B) {
	s := Signer{AccessKey: "AccessKeyId0123456789", SecretKey: "SecretKey0123456789abcdefghijklmnopqrstu"}
	req, _ := http.NewRequest(http.MethodGet, "https://hss.cn-north-4.myhuaweicloud.com/v5/0123456789abcdef0123456789abcdef/export-task/94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2?enterprise_project_id=0", nil)
	req.Header.Set("X-Project-Id", "0123456789abcdef0123456789abcdef")
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		s.Sign(req, "", now)
	}
}
