// Package hss is a client for the Huawei Cloud Host Security Service (HSS)
// API. It knows nothing of Terraform: it resolves the endpoint, signs or
// authenticates requests, retries what is safe to retry and turns every
// failure into a typed error.
package hss

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultCloud          = "myhuaweicloud.com"
	DefaultMaxRetries     = 5
	DefaultAttemptTimeout = 30 * time.Second
	// MaxBodyBytes caps how much of any response body is read. An export
	// task is a few hundred bytes; anything near this is not one.
	MaxBodyBytes = 1 << 20
	// idleConnsPerHost keeps a connection per concurrent read alive;
	// Terraform runs 10 operations at a time by default.
	idleConnsPerHost = 16
)

// Config is everything a Client needs. Region, Cloud and Endpoint decide the
// URL; Auth decides the credentials.
type Config struct {
	// Endpoint is the HSS base URL. Empty means https://hss.{region}.{cloud}.
	Endpoint string
	// Region is the default region; a request may name another one.
	Region string
	// Cloud is the domain suffix of default endpoints, myhuaweicloud.com
	// when empty (myhuaweicloud.eu for eu-west-101).
	Cloud string
	// ProjectID goes into every API path. Empty means the project IAM names
	// after the read's region, looked up once per region.
	ProjectID string
	// Auth adds the credentials to each request: TokenAuth or AKSKAuth.
	// Leave it nil with Password.
	Auth Authenticator
	// Password makes the client get and renew a project-scoped IAM token.
	Password *PasswordCredentials
	// AssumeRole makes the client trade its credentials (Auth or Password)
	// for an agency's temporary keys, renewed before they expire.
	AssumeRole *AssumeRole
	// DomainID is the account (domain) id of an access key pair, sent as
	// X-Domain-Id on its calls to IAM. Empty means it is looked up once,
	// when an IAM call needs it.
	DomainID string
	// AuthURL is the IAM endpoint, https://iam.{region}.{cloud}/v3 when
	// empty.
	AuthURL string
	// Insecure skips TLS certificate verification.
	Insecure bool
	// AllowHTTP allows a plain http:// Endpoint or AuthURL on another
	// machine; http:// to this machine is always allowed.
	AllowHTTP bool
	// MaxRetries is how many times a request is retried after the first
	// attempt; negative means DefaultMaxRetries, zero means one attempt.
	MaxRetries int
	// AttemptTimeout bounds one attempt, body included.
	AttemptTimeout time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// Logger receives one line per attempt; nil logs nothing and builds no
	// log fields at all.
	Logger Logger
	// Transport replaces the default transport (tests).
	Transport http.RoundTripper
}

// Client calls the HSS API. It is safe for concurrent use and meant to be
// shared: it holds the connection pool.
type Client struct {
	endpoint       *url.URL // nil when derived per region
	cloud          string
	cloudExplicit  bool
	region         string
	projectID      string
	auth           Authenticator
	maxRetries     int
	attemptTimeout time.Duration
	userAgent      string
	log            Logger
	http           *http.Client
	retry          retryPolicy
	authURL        *url.URL // nil when derived from the region

	projectsMu sync.Mutex
	projects   map[string]projectResult // by region, when ProjectID is empty

	// secrets masks every credential in text from outside (see Redact).
	secrets redactor
}

// NewClient validates cfg and builds a Client. It sends no request.
func NewClient(cfg Config) (*Client, error) {
	c := &Client{
		cloud:          cfg.Cloud,
		cloudExplicit:  cfg.Cloud != "",
		region:         cfg.Region,
		projectID:      cfg.ProjectID,
		auth:           cfg.Auth,
		maxRetries:     cfg.MaxRetries,
		attemptTimeout: cfg.AttemptTimeout,
		userAgent:      cfg.UserAgent,
		retry:          defaultRetryPolicy(),
		projects:       map[string]projectResult{},
	}
	if c.cloud == "" {
		c.cloud = DefaultCloud
	}
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.attemptTimeout <= 0 {
		c.attemptTimeout = DefaultAttemptTimeout
	}
	if cfg.Logger != nil {
		c.log = redactingLogger{next: cfg.Logger, secrets: &c.secrets}
	}
	switch a := c.auth.(type) {
	case TokenAuth:
		c.secrets.add(a.Token)
	case AKSKAuth:
		c.secrets.add(a.SecretKey, a.SecurityToken)
	}
	switch {
	case cfg.Password != nil && c.auth != nil:
		return nil, errors.New("both a password and other credentials")
	case cfg.Password != nil:
		c.secrets.add(cfg.Password.Password)
		c.auth = &passwordAuth{c: c, creds: *cfg.Password}
	case c.auth == nil:
		return nil, errors.New("no credentials: set a token, an access key pair or a password")
	}
	if cfg.AssumeRole != nil {
		a := &assumeRoleAuth{c: c, base: c.auth, role: *cfg.AssumeRole}
		if cfg.DomainID != "" {
			a.domain.val, a.domain.expires = cfg.DomainID, neverExpires
		}
		c.auth = a
	}
	if cfg.AuthURL != "" {
		u, err := parseServiceURL(cfg.AuthURL, cfg.AllowHTTP)
		if err != nil {
			return nil, fmt.Errorf("auth_url %s %w", RedactURL(cfg.AuthURL), err)
		}
		c.authURL = u
	}
	if c.projectID == "" && c.region == "" {
		return nil, errors.New("no project id, and no region to look it up by")
	}
	if c.projectID != "" {
		if err := ValidateProjectID(c.projectID); err != nil {
			return nil, fmt.Errorf("project id %q %w", c.projectID, err)
		}
	}
	if (cfg.Password != nil || cfg.AssumeRole != nil) && c.authURL == nil && c.region == "" {
		return nil, errors.New("a password or assume_role needs IAM: set a region or an auth_url")
	}
	if cfg.Endpoint != "" {
		u, err := parseServiceURL(cfg.Endpoint, cfg.AllowHTTP)
		if err != nil {
			return nil, fmt.Errorf("endpoint %s %w", RedactURL(cfg.Endpoint), err)
		}
		c.endpoint = u
	} else {
		if c.region == "" {
			return nil, errors.New("no endpoint and no region to derive it from")
		}
		if err := ValidateRegion(c.region); err != nil {
			return nil, fmt.Errorf("region %q %w", c.region, err)
		}
	}
	if err := ValidateCloud(c.cloud); err != nil {
		return nil, fmt.Errorf("cloud %q %w", c.cloud, err)
	}

	transport := cfg.Transport
	if transport == nil {
		t := newTransport()
		t.MaxIdleConns = 4 * idleConnsPerHost
		t.MaxIdleConnsPerHost = idleConnsPerHost
		if cfg.Insecure {
			t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it with insecure = true.
		}
		transport = t
	}
	// No Client.Timeout: each attempt has its own deadline (AttemptTimeout).
	c.http = &http.Client{
		Transport: transport,
		// A redirect would resend credentials to wherever it points; the HSS
		// API never redirects, so treat one as the answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// newTransport is a fresh transport with the standard library's defaults
// (proxy from the environment, dial and TLS timeouts, HTTP/2).
func newTransport() *http.Transport {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return t.Clone()
	}
	return &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
}

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

// baseURL is the endpoint for a request in region (the client's region when
// empty).
func (c *Client) baseURL(region string) (*url.URL, error) {
	if c.endpoint != nil {
		return c.endpoint, nil
	}
	region = c.regionOf(region)
	if err := ValidateRegion(region); err != nil {
		return nil, fmt.Errorf("region %q %w", region, err)
	}
	return &url.URL{Scheme: "https", Host: "hss." + region + "." + c.cloudFor(region)}, nil
}

// regionOf is the region a request goes to: its own, else the client's.
func (c *Client) regionOf(region string) string {
	if region == "" {
		return c.region
	}
	return region
}

// cloudFor is the domain suffix of region's endpoints.
func (c *Client) cloudFor(region string) string {
	if !c.cloudExplicit && region == "eu-west-101" {
		return "myhuaweicloud.eu"
	}
	return c.cloud
}

// ProjectID is the configured project, or "" when it is looked up per
// region.
func (c *Client) ProjectID() string { return c.projectID }

// MaxRetries is how many times a failed request is retried.
func (c *Client) MaxRetries() int { return c.maxRetries }

// stageOf says how far a request got that the transport failed: a dial
// error or a failed TLS handshake never reached the service; anything else
// was sent and got no answer.
func stageOf(err error) Stage {
	var opErr *net.OpError
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &opErr) && opErr.Op == "dial", errors.As(err, &certErr), errors.As(err, &recordErr),
		errors.As(err, &alert), errors.As(err, new(x509.UnknownAuthorityError)),
		errors.As(err, new(x509.HostnameError)), errors.As(err, new(x509.CertificateInvalidError)):
		return StageConnect
	}
	return StageAnswer
}

// isRetryableTransportError says whether an attempt that got no HTTP answer
// is worth repeating: yes for refused, reset or timed-out connections, no for
// TLS verification and malformed URLs, which fail the same way every time.
func isRetryableTransportError(err error) bool {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return false
	}
	var recordErr tls.RecordHeaderError
	if errors.As(err, &recordErr) {
		return false
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return dnsErr.IsTemporary || dnsErr.IsTimeout
		}
	}
	return true
}
