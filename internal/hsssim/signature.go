package hsssim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// The simulator's own SDK-HMAC-SHA256 verifier, written from the algorithm
// Huawei Cloud documents (method, canonical URI and query, signed headers,
// body hash; HMAC-SHA256 of the string to sign) rather than with the
// client's signer: a canonicalisation
// bug in the client must show up as a refused request here, not pass on
// both sides. It favours plainness over speed.

// signingAlgorithm is the scheme name in Authorization and the string to
// sign; sdkDateLayout is the layout of X-Sdk-Date.
const (
	signingAlgorithm = "SDK-HMAC-SHA256"
	sdkDateLayout    = "20060102T150405Z"
)

// canonicalRequest is the canonical form of r over the signed header names
// (lower-case), with bodyHash the hex SHA-256 of the body.
func canonicalRequest(r *http.Request, signed []string, bodyHash string) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	b.WriteString(canonicalPath(r.URL.EscapedPath()) + "\n")
	b.WriteString(canonicalQueryString(r.URL.RawQuery) + "\n")
	names := append([]string(nil), signed...)
	sort.Strings(names)
	for _, name := range names {
		value := r.Header.Get(name)
		if name == "host" {
			value = r.Host
		}
		b.WriteString(name + ":" + strings.TrimSpace(value) + "\n")
	}
	b.WriteString("\n" + strings.Join(names, ";") + "\n")
	b.WriteString(bodyHash)
	return b.String()
}

// canonicalPath decodes each segment of an escaped path and encodes it
// again keeping only unreserved characters; the result ends in "/".
func canonicalPath(escaped string) string {
	segments := strings.Split(escaped, "/")
	for i, s := range segments {
		if decoded, err := url.PathUnescape(s); err == nil {
			s = decoded
		}
		segments[i] = encodeUnreserved(s)
	}
	p := strings.Join(segments, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// canonicalQueryString sorts the keys, and the values of each key, of a
// raw query read as the gateway reads it (gatewayQuery) and encodes each
// keeping only unreserved characters.
func canonicalQueryString(raw string) string {
	values := gatewayQuery(raw)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		vs := append([]string(nil), values[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			pairs = append(pairs, encodeUnreserved(k)+"="+encodeUnreserved(v))
		}
	}
	return strings.Join(pairs, "&")
}

// gatewayQuery reads a raw query as the API gateway does, by RFC 3986:
// only %XX is decoded, so a "+" is a plus and not a space (url.ParseQuery
// would make it one, as HTML forms do). A client that sends "+" for a space
// therefore signs one value and is read as having sent another.
func gatewayQuery(raw string) url.Values {
	values := url.Values{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, errK := url.PathUnescape(k)
		dv, errV := url.PathUnescape(v)
		if errK == nil && errV == nil {
			values[dk] = append(values[dk], dv)
		}
	}
	return values
}

// encodeUnreserved percent-encodes every byte of s but A-Z a-z 0-9 - _ . ~,
// with upper-case hex digits.
func encodeUnreserved(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

// signature is the hex HMAC-SHA256, keyed with secretKey, of the string to
// sign for a canonical request made at date.
func signature(secretKey, date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(signingAlgorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])))
	return hex.EncodeToString(mac.Sum(nil))
}
