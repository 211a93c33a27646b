package hss

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// redactor knows every secret a client holds, configured or obtained from
// IAM, and masks them in text that came from outside: an error body that
// quotes the token it rejected, a URL, a transport error, a task name. The
// client's log lines and the provider's diagnostics pass through it, and
// every string the client takes from an answer does, once decoded (see
// Client.ServerText).
//
// The access key counts as a secret, everywhere: it is half of a credential
// pair, and text from a server has no reason to quote it. A message that
// must say which key failed says where it was configured instead.
type redactor struct {
	mu      sync.RWMutex
	secrets []string // with their escaped forms, longest first
	raw     [][]byte // the same, as bytes, for bodies
}

// add remembers secrets, with the forms they take in JSON, a query string
// and a path, so that an echo of any of them is masked too.
func (r *redactor) add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if s == "" {
			continue
		}
		forms := append([]string{s, url.QueryEscape(s), url.PathEscape(s)}, encodedForms(s)...)
		for _, escapeHTML := range []bool{true, false} {
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(escapeHTML)
			if enc.Encode(s) == nil {
				j := strings.TrimSuffix(b.String(), "\n")
				j = j[1 : len(j)-1]
				// Servers written in Java or PHP also escape "/" as "\/".
				forms = append(forms, j, strings.ReplaceAll(j, "/", `\/`))
			}
		}
		for _, f := range forms {
			if !slices.Contains(r.secrets, f) {
				r.secrets = append(r.secrets, f)
			}
		}
	}
	// Longest first, so that a secret that contains another is masked whole.
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
	r.raw = r.raw[:0]
	for _, f := range r.secrets {
		r.raw = append(r.raw, []byte(f))
	}
}

// minEncoded is the shortest encoded form masked: shorter runs of base64
// or hex occur by chance in any text.
const minEncoded = 8

// encodedForms are the base64 (standard and URL-safe, at each of the three
// byte alignments a secret may have inside a longer encoded value) and hex
// (either case) forms of s. At an alignment, only the characters that
// depend on s's bytes alone are kept.
func encodedForms(s string) []string {
	var forms []string
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for k := range 3 {
			full := enc.EncodeToString(append(make([]byte, k, k+len(s)), s...))
			from, to := (8*k+5)/6, 8*(k+len(s))/6
			if to-from >= minEncoded {
				forms = append(forms, full[from:to])
			}
		}
	}
	if h := hex.EncodeToString([]byte(s)); len(h) >= minEncoded {
		forms = append(forms, h, strings.ToUpper(h))
	}
	return forms
}

// redactBody masks every known secret in a body as it arrived, before
// anything shortens it or folds its whitespace (which would hide a secret
// from the later masking of the text made of it). It copies only when it
// finds one.
func (r *redactor) redactBody(b []byte) []byte {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, secret := range r.raw {
		if bytes.Contains(b, secret) {
			b = bytes.ReplaceAll(b, secret, []byte(Masked))
		}
	}
	return b
}

// redact masks every known secret in s. A secret that escapes hide (some
// characters percent-encoded, or JSON-escaped in text that was not decoded
// as JSON) is found in the unescaped text, which is then what is shown,
// masked.
func (r *redactor) redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s = r.replace(s)
	for _, unescape := range []func(string) (string, bool){percentUnescaped, jsonUnescaped} {
		if u, ok := unescape(s); ok && u != s {
			if masked := r.replace(u); masked != u {
				s = masked
			}
		}
	}
	return s
}

func (r *redactor) replace(s string) string {
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, Masked)
		}
	}
	return s
}

func percentUnescaped(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, false
	}
	u, err := url.PathUnescape(s)
	return u, err == nil
}

// jsonUnescaped decodes the JSON escapes in s (\uXXXX, \n, \/…), leaving
// the rest as it is.
func jsonUnescaped(s string) (string, bool) {
	if !strings.Contains(s, `\`) {
		return s, false
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			i++
			b.WriteByte(s[i])
		case c == '"':
			b.WriteString(`\"`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	var u string
	return u, json.Unmarshal([]byte(b.String()), &u) == nil
}

// requestID is an answer's X-Request-Id as it may be shown: masked and
// made printable, like every string from an answer.
func (r *redactor) requestID(h http.Header) string {
	return printable(r.redact(h.Get("X-Request-Id")), 128)
}

// Redact masks in s every secret the client knows: its credentials (the
// access key too), the password, and the tokens and temporary keys it
// obtained from IAM. Use it on any text that came from outside before
// showing it.
func (c *Client) Redact(s string) string { return c.secrets.redact(s) }

// ServerText is a string a server sent, once decoded, as it may be shown or
// stored: no terminal escapes or control characters (see the function
// ServerText), and every secret the client knows masked.
func (c *Client) ServerText(s string) string { return c.secrets.redact(ServerText(s)) }

// redactingLogger masks secrets in every string field of a log line.
type redactingLogger struct {
	next    Logger
	secrets *redactor
}

func (l redactingLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	l.next.Info(ctx, msg, l.clean(fields))
}

func (l redactingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	l.next.Debug(ctx, msg, l.clean(fields))
}

func (l redactingLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	l.next.Trace(ctx, msg, l.clean(fields))
}

func (l redactingLogger) clean(fields map[string]any) map[string]any {
	for k, v := range fields {
		if s, ok := v.(string); ok {
			fields[k] = l.secrets.redact(s)
		}
	}
	return fields
}
