package hss

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Logger receives the client's log lines. The provider passes one backed by
// tflog; this package stays free of Terraform imports. Every field the client
// hands over has already had its secrets masked.
type Logger interface {
	// Info carries progress of long work (a download, a wait), about every
	// ProgressEvery.
	Info(ctx context.Context, msg string, fields map[string]any)
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// ProgressEvery is how often long work logs its progress at INFO.
const ProgressEvery = 10 * time.Second

// Masked is what a secret looks like in a log line.
const Masked = "***"

// secretHeaders are never logged with their values.
var secretHeaders = map[string]bool{
	"X-Auth-Token":     true,
	"X-Security-Token": true,
	"X-Subject-Token":  true,
	"Cookie":           true,
	"Set-Cookie":       true,
}

// RedactHeaders renders headers for a log line, one "Name: value" per
// header, sorted. Tokens are replaced by Masked; of Authorization only the
// scheme and the signed header names are kept, since the access key, and a
// signature that could be replayed for up to 15 minutes, are credentials.
func RedactHeaders(h http.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, k := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		v := strings.Join(h[k], ",")
		switch {
		case secretHeaders[k]:
			v = Masked
		case k == "Authorization":
			v = redactAuthorization(v)
		}
		b.WriteString(v)
	}
	return b.String()
}

func redactAuthorization(v string) string {
	scheme, params, found := strings.Cut(v, " ")
	if !found {
		return Masked
	}
	out := scheme + " Access=" + Masked
	for _, p := range strings.Split(params, ",") {
		if name, val, ok := strings.Cut(strings.TrimSpace(p), "="); ok && name == "SignedHeaders" {
			out += ", SignedHeaders=" + val
		}
	}
	return out + ", Signature=" + Masked
}
