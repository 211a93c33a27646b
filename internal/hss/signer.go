package hss

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// SigningAlgorithm is the scheme name Huawei Cloud's API gateway expects in
// the Authorization header and the string to sign.
const SigningAlgorithm = "SDK-HMAC-SHA256"

// SdkDateFormat is the layout of the X-Sdk-Date header.
const SdkDateFormat = "20060102T150405Z"

// emptyBodySHA256 is the hex SHA-256 of the empty string, the body hash of
// every GET; precomputed because it is on the hot path of every read.
const emptyBodySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// Signer signs requests with an access key pair using the SDK-HMAC-SHA256
// algorithm that Huawei Cloud's API gateway verifies.
//
// It is our own implementation of the short published algorithm rather than
// the official SDK's signer: the SDK module is a 48 MB download for about a
// hundred lines of logic, and owning the code lets the hot path work in
// stack buffers (a handful of allocations per signature). The published
// test vector pins it to the SDK's behaviour.
type Signer struct {
	AccessKey string
	SecretKey string
}

// Sign adds X-Sdk-Date and Authorization to req, signing the host header,
// X-Sdk-Date and every Region, User-Agent, X-Domain-Id, X-Project-Id or
// X-Security-Token header already set: what the SDK signs (every header it
// sets but Content-Type), and host.
// bodySHA256 is the lower-case hex SHA-256 of the body; pass "" for an empty
// body.
func (s Signer) Sign(req *http.Request, bodySHA256 string, now time.Time) {
	var dateBuf [len(SdkDateFormat)]byte
	req.Header["X-Sdk-Date"] = []string{string(now.UTC().AppendFormat(dateBuf[:0], SdkDateFormat))}
	var names [7]string
	s.sign(req, signedHeaders(req, &names), bodySHA256)
}

// sign computes the Authorization header over the given lower-case, sorted
// header names; X-Sdk-Date must already be set.
func (s Signer) sign(req *http.Request, signed []string, bodySHA256 string) {
	date := req.Header.Get("X-Sdk-Date")

	var canonicalBuf [1024]byte
	canonical := appendCanonicalRequest(canonicalBuf[:0], req, signed, bodySHA256)
	canonicalSum := sha256.Sum256(canonical)

	// String to sign: algorithm, date and the canonical request's hash.
	var toSignBuf [len(SigningAlgorithm) + 1 + len(SdkDateFormat) + 1 + 2*sha256.Size]byte
	toSign := append(toSignBuf[:0], SigningAlgorithm...)
	toSign = append(toSign, '\n')
	toSign = append(toSign, date...)
	toSign = append(toSign, '\n')
	toSign = hex.AppendEncode(toSign, canonicalSum[:])
	mac := hmacSHA256(s.SecretKey, toSign)

	var authBuf [256]byte
	auth := append(authBuf[:0], SigningAlgorithm+" Access="...)
	auth = append(auth, s.AccessKey...)
	auth = append(auth, ", SignedHeaders="...)
	auth = appendJoined(auth, signed)
	auth = append(auth, ", Signature="...)
	auth = hex.AppendEncode(auth, mac[:])
	req.Header["Authorization"] = []string{string(auth)}
}

// hmacSHA256 is HMAC-SHA256 (RFC 2104) over stack buffers: crypto/hmac
// allocates two hash states per call, and a read signs once per attempt.
func hmacSHA256(key string, msg []byte) [sha256.Size]byte {
	const block = 64
	var k [block]byte
	if len(key) > block {
		sum := sha256.Sum256([]byte(key))
		copy(k[:], sum[:])
	} else {
		copy(k[:], key)
	}
	var innerBuf [block + 128]byte
	inner := innerBuf[:block]
	for i := range k {
		inner[i] = k[i] ^ 0x36
	}
	inner = append(inner, msg...)
	innerSum := sha256.Sum256(inner)

	var outer [block + sha256.Size]byte
	for i := range k {
		outer[i] = k[i] ^ 0x5c
	}
	copy(outer[block:], innerSum[:])
	return sha256.Sum256(outer[:])
}

// signedHeaders lists, lower-case and sorted, the headers this signer signs:
// host (when the request has one: the SDK leaves it out, but it binds a
// signature to its endpoint) and the headers the SDK signs that we set
// ourselves. Headers Go's transport adds later (Accept-Encoding) are left
// out, so that they cannot invalidate the signature, and so is Accept,
// which the SDK does not send. The candidates are listed in sorted order,
// so the result is sorted.
func signedHeaders(req *http.Request, names *[7]string) []string {
	n := 0
	if requestHost(req) != "" {
		names[n] = "host"
		n++
	}
	for _, h := range [...]struct{ canonical, lower string }{
		{"Region", "region"}, {"User-Agent", "user-agent"}, {"X-Domain-Id", "x-domain-id"}, {"X-Project-Id", "x-project-id"},
		{"X-Sdk-Date", "x-sdk-date"}, {"X-Security-Token", "x-security-token"},
	} {
		if len(req.Header[h.canonical]) > 0 {
			names[n] = h.lower
			n++
		}
	}
	return names[:n]
}

func requestHost(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	if req.URL != nil {
		return req.URL.Host
	}
	return ""
}

func appendJoined(dst []byte, names []string) []byte {
	for i, name := range names {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, name...)
	}
	return dst
}

// CanonicalRequest returns the canonical form of req that SDK-HMAC-SHA256
// hashes: method, canonical URI, canonical query, the signed headers with
// their values, the signed header names and the body hash, one per line.
// signed holds lower-case header names in sorted order.
func CanonicalRequest(req *http.Request, signed []string, bodySHA256 string) string {
	return string(appendCanonicalRequest(nil, req, signed, bodySHA256))
}

func appendCanonicalRequest(b []byte, req *http.Request, signed []string, bodySHA256 string) []byte {
	if bodySHA256 == "" {
		bodySHA256 = emptyBodySHA256
	}
	b = append(b, req.Method...)
	b = append(b, '\n')
	b = appendCanonicalURI(b, req.URL.EscapedPath())
	b = append(b, '\n')
	b = appendCanonicalQuery(b, req.URL.RawQuery)
	b = append(b, '\n')
	for _, name := range signed {
		b = append(b, name...)
		b = append(b, ':')
		if name == "host" {
			b = append(b, requestHost(req)...)
		} else {
			b = append(b, strings.TrimSpace(req.Header.Get(name))...)
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	b = appendJoined(b, signed)
	b = append(b, '\n')
	return append(b, bodySHA256...)
}

// CanonicalURI returns the canonical URI of an escaped path: every segment
// decoded, then re-encoded keeping only unreserved characters, always ending
// in "/".
func CanonicalURI(escapedPath string) string {
	return string(appendCanonicalURI(nil, escapedPath))
}

func appendCanonicalURI(b []byte, escapedPath string) []byte {
	if escapedPath == "" {
		return append(b, '/')
	}
	rest := escapedPath
	for {
		seg, tail, more := strings.Cut(rest, "/")
		if dec, err := url.PathUnescape(seg); err == nil {
			seg = dec
		}
		b = appendEscaped(b, seg)
		if !more {
			break
		}
		b = append(b, '/')
		rest = tail
	}
	if !strings.HasSuffix(escapedPath, "/") {
		b = append(b, '/')
	}
	return b
}

// CanonicalQuery returns the canonical form of a raw query string: keys
// sorted, the values of one key sorted, every part decoded as RFC 3986 does
// (%XX only: a "+" is a plus, as the API gateway reads it) and encoded
// again keeping only unreserved characters.
func CanonicalQuery(rawQuery string) string {
	return string(appendCanonicalQuery(nil, rawQuery))
}

func appendCanonicalQuery(b []byte, rawQuery string) []byte {
	if rawQuery == "" {
		return b
	}
	// One pair, the shape of most queries this client sends, needs no map.
	if !strings.Contains(rawQuery, "&") {
		k, v, _ := strings.Cut(rawQuery, "=")
		dk, errK := url.PathUnescape(k)
		dv, errV := url.PathUnescape(v)
		if errK == nil && errV == nil {
			b = appendEscaped(b, dk)
			b = append(b, '=')
			return appendEscaped(b, dv)
		}
	}
	values := parseQueryRFC3986(rawQuery)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	first := true
	for _, k := range keys {
		vs := values[k]
		if len(vs) > 1 {
			sort.Strings(vs)
		}
		for _, v := range vs {
			if !first {
				b = append(b, '&')
			}
			first = false
			b = appendEscaped(b, k)
			b = append(b, '=')
			b = appendEscaped(b, v)
		}
	}
	return b
}

// parseQueryRFC3986 splits a raw query into its values, decoding each part
// as RFC 3986 does: %XX only, so a "+" stays a plus (url.ParseQuery reads it
// as a space, as HTML forms do). A pair that does not decode is skipped.
func parseQueryRFC3986(rawQuery string) url.Values {
	values := url.Values{}
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, errK := url.PathUnescape(k)
		dv, errV := url.PathUnescape(v)
		if errK != nil || errV != nil {
			continue
		}
		values[dk] = append(values[dk], dv)
	}
	return values
}

const upperHex = "0123456789ABCDEF"

// appendEscaped percent-encodes s keeping only A-Z a-z 0-9 - _ . ~, with
// upper-case hex digits, as the gateway's canonical form requires.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	return b
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}
