package hss_test

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

func TestRedact(t *testing.T) {
	t.Run("configured secrets are masked, in their escaped forms too, the access key as well", func(t *testing.T) {
		c := newClient(t, "https://hss.example.com", hss.AKSKAuth{AccessKey: ak, SecretKey: "s/k+\"q", SecurityToken: "sec tok"})
		got := c.Redact(`ak ` + ak + ` sk s/k+"q json s/k+\"q query s%2Fk%2B%22q token sec tok sec+tok`)
		want := `ak *** sk *** json *** query *** token *** ***`
		if got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("a secret partly escaped, base64-encoded at any alignment or hex-encoded is masked", func(t *testing.T) {
		const secret = "tok/en+secret-0123"
		c := newClient(t, "https://hss.example.com", hss.TokenAuth{Token: secret})
		enc := func(e *base64.Encoding, prefix string) string { return e.EncodeToString([]byte(prefix + secret + "!")) }
		for name, text := range map[string]string{
			"partly percent-escaped": "name tok%2Fen%2bsecret-0%31%323",
			"partly JSON-escaped":    `name tok\/en\u002bsecret-012\u0033`,
			"base64, aligned":        enc(base64.StdEncoding, ""),
			"base64, one byte in":    enc(base64.StdEncoding, "a"),
			"base64, two bytes in":   enc(base64.StdEncoding, "ab"),
			"URL-safe base64":        enc(base64.RawURLEncoding, "a"),
			"hex":                    "x" + hex.EncodeToString([]byte(secret)) + "y",
			"HEX":                    strings.ToUpper(hex.EncodeToString([]byte("-" + secret))),
			"behind control bytes":   "tok/en+\x1bsecret-0123",
		} {
			got := c.ServerText(text)
			if !strings.Contains(got, hss.Masked) {
				t.Errorf("%s: %q shows as %q", name, text, got)
			}
		}
		if got := c.ServerText("an ordinary task name"); got != "an ordinary task name" {
			t.Errorf("an ordinary name became %q", got)
		}
	})
	t.Run("a password is masked", func(t *testing.T) {
		c := newClient(t, "https://hss.example.com", nil, func(c *hss.Config) {
			c.Region, c.AuthURL = region, "https://iam.example.com/v3"
			c.Password = &hss.PasswordCredentials{UserName: "alice", DomainName: "acme", Password: "correct horse"}
		})
		if got := c.Redact("refused: correct horse"); got != "refused: ***" {
			t.Errorf("got %s", got)
		}
	})
	t.Run("a token obtained from IAM is masked once obtained", func(t *testing.T) {
		_, url := iamFixture(t, nil)
		c := newClient(t, url, nil, func(c *hss.Config) {
			c.AuthURL = url + "/v3"
			c.Password = &hss.PasswordCredentials{UserName: "alice", Password: "correct horse", DomainName: "acme"}
		})
		if errs := readMany(t, c, 1); errs[0] != nil {
			t.Fatal(errs[0])
		}
		if got := c.Redact("echo sim-iam-token-000001"); got != "echo ***" {
			t.Errorf("got %s", got)
		}
	})
	t.Run("temporary keys obtained from IAM are masked once obtained", func(t *testing.T) {
		_, url := iamFixture(t, nil)
		c := newClient(t, url, hss.AKSKAuth{AccessKey: ak, SecretKey: sk}, func(c *hss.Config) {
			c.AuthURL = url + "/v3"
			c.AssumeRole = &hss.AssumeRole{AgencyName: "hss-reader", DomainName: "acme"}
		})
		if errs := readMany(t, c, 1); errs[0] != nil {
			t.Fatal(errs[0])
		}
		got := c.Redact("sim-temp-secret-000001 sim-security-token-000001")
		if strings.Contains(got, "sim-") {
			t.Errorf("got %s", got)
		}
	})
}
