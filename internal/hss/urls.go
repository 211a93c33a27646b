package hss

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What may go into a URL: endpoints, regions and clouds that make host
// names, and ids that become path segments.

// ParseEndpoint checks that s is an absolute http or https URL with a host
// and no query, fragment or user info, and returns it without a trailing
// slash. A path is kept as a prefix (for an API gateway in front of HSS).
// Errors read as the end of a sentence that starts with the endpoint.
func ParseEndpoint(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("is not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("must be an absolute URL starting with https:// (or http://)")
	case u.Host == "" || u.Hostname() == "":
		return nil, errors.New("must name a host")
	case u.User != nil:
		return nil, errors.New("must not contain user info; use the credential arguments")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("must not have a query string")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return nil, errors.New("must not have a fragment")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// ErrPlainHTTP is a plain http:// URL to another machine without AllowHTTP.
var ErrPlainHTTP = errors.New("uses plain http:// to a host that is not this machine, so credentials would " +
	"cross the network unencrypted")

// parseServiceURL is ParseEndpoint, then the rule for every URL the client
// sends credentials to: https, or http to this machine, or http anywhere
// with allowHTTP.
func parseServiceURL(s string, allowHTTP bool) (*url.URL, error) {
	u, err := ParseEndpoint(s)
	if err != nil {
		return nil, err
	}
	if err := CheckPlainHTTP(u, allowHTTP); err != nil {
		return nil, err
	}
	return u, nil
}

// CheckPlainHTTP returns ErrPlainHTTP for an http:// URL to a host that is
// not this machine, unless allowHTTP.
func CheckPlainHTTP(u *url.URL, allowHTTP bool) error {
	if u.Scheme == "http" && !allowHTTP && !IsLoopback(u.Hostname()) {
		return ErrPlainHTTP
	}
	return nil
}

// IsLoopback says whether host is this machine: localhost or a loopback
// address, where plain http never leaves the machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// RedactURL quotes a URL for a message with any user info replaced by
// Masked, since "https://user:password@host" carries a credential. It
// works on strings that do not parse as URLs too.
func RedactURL(s string) string {
	rest := s
	prefix := ""
	if i := strings.Index(s, "//"); i >= 0 {
		prefix, rest = s[:i+2], s[i+2:]
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		rest = Masked + rest[at:]
	}
	return strconv.Quote(prefix + rest)
}

var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)+$`)

// ValidateRegion checks that a region id looks like one ("cn-north-4"),
// since it becomes part of a host name.
func ValidateRegion(region string) error {
	if !regionPattern.MatchString(region) || len(region) > 40 {
		return errors.New("must be a region id such as cn-north-4")
	}
	return nil
}

var cloudPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// ValidateCloud checks that a cloud is a domain name suffix.
func ValidateCloud(cloud string) error {
	if !cloudPattern.MatchString(cloud) || len(cloud) > 200 {
		return errors.New("must be a domain name such as " + DefaultCloud)
	}
	return nil
}

// Ids that become path segments of an API URL: their longest lengths.
const (
	MaxTaskIDLength    = 64
	MaxProjectIDLength = 64
)

// ValidatePathSegment rejects a value that the API cannot have issued as an
// id and that could change a request's meaning once it is a path segment:
// empty or over-long values, "." and ".." (which a URL resolves as
// directories, escaped or not), and values with "/", "?", "#", whitespace,
// control characters or invalid UTF-8. Errors read as the end of a sentence
// that starts with the value's name.
func ValidatePathSegment(s string, maxLen int) error {
	if err := ValidateText(s, maxLen, false); err != nil {
		return err
	}
	if s == "." || s == ".." {
		return fmt.Errorf("must not be %q", s)
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		return fmt.Errorf("must not contain %q", s[i])
	}
	return nil
}

// ValidateText holds a value that goes into a URL, a header or a JSON body
// to 1 to maxLen characters of valid UTF-8 with no control characters and,
// unless spaces is set, no whitespace.
func ValidateText(s string, maxLen int, spaces bool) error {
	switch {
	case s == "":
		return errors.New("must not be empty")
	case !utf8.ValidString(s):
		return errors.New("must be valid UTF-8")
	case utf8.RuneCountInString(s) > maxLen:
		return fmt.Errorf("must be at most %d characters", maxLen)
	}
	for _, r := range s {
		switch {
		case !spaces && (unicode.IsSpace(r) || unicode.IsControl(r)):
			return errors.New("must not contain whitespace or control characters")
		case unicode.IsControl(r):
			return errors.New("must not contain control characters")
		}
	}
	return nil
}

// ValidateTaskID checks an export task id (see ValidatePathSegment).
func ValidateTaskID(id string) error { return ValidatePathSegment(id, MaxTaskIDLength) }

// ValidateProjectID checks a project id (see ValidatePathSegment).
func ValidateProjectID(id string) error { return ValidatePathSegment(id, MaxProjectIDLength) }

// apiURL is base with the path /v5/{project}/{segments…} and query. The
// project and every segment marked as an id are checked with
// ValidatePathSegment and escaped; the others are the API's own words.
func apiURL(base *url.URL, project string, path []pathPart, query url.Values) (*url.URL, error) {
	if err := ValidateProjectID(project); err != nil {
		return nil, fmt.Errorf("project id %q %w", project, err)
	}
	u := *base
	u.Path = base.Path + "/v5/" + project
	u.RawPath = base.EscapedPath() + "/v5/" + url.PathEscape(project)
	for _, p := range path {
		if p.name != "" {
			if err := ValidatePathSegment(p.value, p.maxLen); err != nil {
				return nil, fmt.Errorf("%s %q %w", p.name, p.value, err)
			}
		}
		u.Path += "/" + p.value
		u.RawPath += "/" + url.PathEscape(p.value)
	}
	u.RawQuery = encodeQuery(query)
	return &u, nil
}

// EncodeQuery is encodeQuery, exported for sdktest (a module of its own),
// which signs the client's own encoded queries with the SDK's signer.
func EncodeQuery(query url.Values) string { return encodeQuery(query) }

// encodeQuery is query as the SDK sends it, byte for byte: keys sorted,
// each key's values in order, a space as %20 (url.Values.Encode writes "+",
// which the API gateway may read as a plus; a plus in a value is %2B either
// way), and an empty value as the bare key ("vul_name", not "vul_name=").
// Signing reads both the same way ("vul_name=").
func encodeQuery(query url.Values) string {
	if len(query) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(query))
	var b strings.Builder
	for _, k := range keys {
		ek := strings.ReplaceAll(url.QueryEscape(k), "+", "%20")
		for _, v := range query[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			if v != "" {
				b.WriteByte('=')
				b.WriteString(strings.ReplaceAll(url.QueryEscape(v), "+", "%20"))
			}
		}
	}
	return b.String()
}

// pathPart is one segment of an API path: a literal of the API's
// (name empty), or an id named name, at most maxLen characters.
type pathPart struct {
	value, name string
	maxLen      int
}

// literal is a path segment of the API's own, such as "export-task".
func literal(s string) pathPart { return pathPart{value: s} }

// id is a path segment that comes from the user or the service.
func id(name, value string, maxLen int) pathPart {
	return pathPart{value: value, name: name, maxLen: maxLen}
}
