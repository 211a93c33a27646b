package hss

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// redactor knows every secret a client holds, configured or obtained from
// IAM, and masks them in text that came from outside: an error body that
// quotes the token it rejected, a URL, a transport error. The client's log
// lines and the provider's diagnostics pass through it.
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
		forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
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

// redact masks every known secret in s.
func (r *redactor) redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, Masked)
		}
	}
	return s
}

// Redact masks in s every secret the client knows: its credentials, the
// password, and the tokens and temporary keys it obtained from IAM. Use
// it on any text that came from outside before showing it.
func (c *Client) Redact(s string) string { return c.secrets.redact(s) }

// redactingLogger masks secrets in every string field of a log line.
type redactingLogger struct {
	next    Logger
	secrets *redactor
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
