// Package hss is a client for the Huawei Cloud Host Security Service (HSS)
// API. It knows nothing of Terraform: it resolves the endpoint, signs or
// authenticates requests, retries what is safe to retry and turns every
// failure into a typed error.
//
// Its parts: transport.go and retry.go send one call (retries, idempotency,
// whole or streamed bodies); credentials.go holds the credential sources
// and their cache; iam.go is the small IAM client they use; the API
// families (export_task.go, …) build requests and decode answers.
package hss

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultCloud          = "myhuaweicloud.com"
	DefaultMaxRetries     = 5
	DefaultAttemptTimeout = 30 * time.Second
	// MaxBodyBytes caps how much of any response body is read whole. An
	// export task is a few hundred bytes; anything near this is not one.
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
	// AttemptTimeout bounds one attempt, body included (for a download,
	// each silence of its body).
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
	t        *transport
	endpoint *url.URL // nil when derived per region
	cloud    cloud
	region   string
	// projectID is the configured project; "" when looked up per region.
	projectID string
	auth      Authenticator
	iam       *iamClient

	projectsMu sync.Mutex
	projects   map[string]projectResult // by region, when projectID is ""

	// secrets masks every credential in text from outside (see Redact).
	secrets redactor
}

// NewClient validates cfg and builds a Client. It sends no request.
func NewClient(cfg Config) (*Client, error) {
	c := &Client{
		cloud:     cloud{suffix: cfg.Cloud, explicit: cfg.Cloud != ""},
		region:    cfg.Region,
		projectID: cfg.ProjectID,
		auth:      cfg.Auth,
		projects:  map[string]projectResult{},
	}
	if c.cloud.suffix == "" {
		c.cloud.suffix = DefaultCloud
	}
	if err := c.checkWhere(cfg); err != nil {
		return nil, err
	}
	c.t = newTransport(cfg, &c.secrets)
	c.iam = &iamClient{t: c.t, region: c.region, projectID: c.projectID, cloud: c.cloud}
	if cfg.AuthURL != "" {
		u, err := parseServiceURL(cfg.AuthURL, cfg.AllowHTTP)
		if err != nil {
			return nil, fmt.Errorf("auth_url %s %w", RedactURL(cfg.AuthURL), err)
		}
		c.iam.authURL = u
	}
	if err := c.chooseCredentials(cfg); err != nil {
		return nil, err
	}
	if (cfg.Password != nil || cfg.AssumeRole != nil) && c.iam.authURL == nil && c.region == "" {
		return nil, errors.New("a password or assume_role needs IAM: set a region or an auth_url")
	}
	return c, nil
}

// checkWhere checks what decides the URLs: the project, the endpoint or
// the region it is derived from, and the cloud.
func (c *Client) checkWhere(cfg Config) error {
	if c.projectID == "" && c.region == "" {
		return errors.New("no project id, and no region to look it up by")
	}
	if c.projectID != "" {
		if err := ValidateProjectID(c.projectID); err != nil {
			return fmt.Errorf("project id %q %w", c.projectID, err)
		}
	}
	if cfg.Endpoint != "" {
		u, err := parseServiceURL(cfg.Endpoint, cfg.AllowHTTP)
		if err != nil {
			return fmt.Errorf("endpoint %s %w", RedactURL(cfg.Endpoint), err)
		}
		c.endpoint = u
	} else {
		if c.region == "" {
			return errors.New("no endpoint and no region to derive it from")
		}
		if err := ValidateRegion(c.region); err != nil {
			return fmt.Errorf("region %q %w", c.region, err)
		}
	}
	if err := ValidateCloud(c.cloud.suffix); err != nil {
		return fmt.Errorf("cloud %q %w", c.cloud.suffix, err)
	}
	return nil
}

// chooseCredentials sets the client's credential source from cfg, and
// tells the redactor every configured secret.
func (c *Client) chooseCredentials(cfg Config) error {
	switch a := c.auth.(type) {
	case TokenAuth:
		c.secrets.add(a.Token)
	case AKSKAuth:
		c.secrets.add(a.AccessKey, a.SecretKey, a.SecurityToken)
	}
	switch {
	case cfg.Password != nil && c.auth != nil:
		return errors.New("both a password and other credentials")
	case cfg.Password != nil:
		c.secrets.add(cfg.Password.Password)
		c.auth = &passwordAuth{iam: c.iam, creds: *cfg.Password}
	case c.auth == nil:
		return errors.New("no credentials: set a token, an access key pair or a password")
	}
	if cfg.AssumeRole != nil {
		a := &assumeRoleAuth{iam: c.iam, base: c.auth, role: *cfg.AssumeRole}
		if cfg.DomainID != "" {
			a.domain.val, a.domain.expires = cfg.DomainID, neverExpires
		}
		c.auth = a
	}
	return nil
}

// newTransport builds the transport every call of a client goes through.
func newTransport(cfg Config, secrets *redactor) *transport {
	t := &transport{
		retry:          defaultRetryPolicy(),
		maxRetries:     cfg.MaxRetries,
		attemptTimeout: cfg.AttemptTimeout,
		userAgent:      cfg.UserAgent,
		secrets:        secrets,
	}
	if t.maxRetries < 0 {
		t.maxRetries = DefaultMaxRetries
	}
	if t.attemptTimeout <= 0 {
		t.attemptTimeout = DefaultAttemptTimeout
	}
	if cfg.Logger != nil {
		t.log = redactingLogger{next: cfg.Logger, secrets: secrets}
	}
	rt := cfg.Transport
	if rt == nil {
		// The standard library's defaults: proxy from the environment, dial
		// and TLS timeouts, HTTP/2.
		ht := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
		if d, ok := http.DefaultTransport.(*http.Transport); ok {
			ht = d.Clone()
		}
		ht.MaxIdleConns = 4 * idleConnsPerHost
		ht.MaxIdleConnsPerHost = idleConnsPerHost
		if cfg.Insecure {
			ht.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it with insecure = true.
		}
		rt = ht
	}
	// No Client.Timeout: each attempt has its own deadline (AttemptTimeout).
	t.http = &http.Client{
		Transport: rt,
		// A redirect would resend credentials to wherever it points; the HSS
		// API never redirects, so treat one as the answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return t
}

// cloud is the domain suffix of default endpoints.
type cloud struct {
	suffix   string
	explicit bool
}

// of is the suffix for region: eu-west-101 lives under myhuaweicloud.eu
// unless a cloud was given.
func (c cloud) of(region string) string {
	if !c.explicit && region == "eu-west-101" {
		return "myhuaweicloud.eu"
	}
	return c.suffix
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
	return &url.URL{Scheme: "https", Host: "hss." + region + "." + c.cloud.of(region)}, nil
}

// regionOf is the region a request goes to: its own, else the client's.
func (c *Client) regionOf(region string) string {
	if region == "" {
		return c.region
	}
	return region
}

// ProjectID is the configured project, or "" when it is looked up per
// region.
func (c *Client) ProjectID() string { return c.projectID }

// Region is the configured region; "" when there is none.
func (c *Client) Region() string { return c.region }

// MaxRetries is how many times a failed request is retried.
func (c *Client) MaxRetries() int { return c.t.maxRetries }

// projectResult is a cached project lookup.
type projectResult struct {
	id  string
	err error
}

// project is the project id for a read in region: the configured one, or
// the one IAM names after the region, looked up once per region.
func (c *Client) project(ctx context.Context, region string) (string, error) {
	if c.projectID != "" {
		return c.projectID, nil
	}
	region = c.regionOf(region)
	c.projectsMu.Lock()
	defer c.projectsMu.Unlock()
	if r, ok := c.projects[region]; ok {
		return r.id, r.err
	}
	id, err := c.iam.lookupProject(ctx, c.auth, region)
	// A failure to get the credentials the lookup is made with (a refused
	// password) is that failure, not the lookup's.
	var credErr *CredentialError
	if err != nil && !errors.As(err, &credErr) {
		err = &CredentialError{Kind: ProjectID, Op: fmt.Sprintf("looking up the project of region %q (set project_id to skip this)", region), Err: err}
	}
	if err == nil || refusal(err) || errors.Is(err, errProjectCount) {
		c.projects[region] = projectResult{id: id, err: err}
	}
	return id, err
}
