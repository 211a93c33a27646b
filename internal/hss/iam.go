package hss

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The parts of Huawei Cloud IAM the provider needs: a project-scoped token
// for a password, the project id of a region, and temporary keys for an
// agency. Each is fetched once and shared by every read of a provider.

// PasswordCredentials are an IAM user's name or id, password and account
// (domain) name or id.
type PasswordCredentials struct {
	UserName, UserID     string
	Password             string
	DomainName, DomainID string
}

// AssumeRole names the agency whose temporary keys the provider works with.
type AssumeRole struct {
	AgencyName           string
	DomainName, DomainID string
	// Duration the temporary keys are valid for; 1 hour when zero.
	Duration time.Duration
}

// CredentialError is a failure to obtain credentials from IAM. A refusal
// (wrong password, unknown agency) is remembered and returned to every
// later read without asking IAM again, so a bad password costs one call,
// not one per read.
type CredentialError struct {
	// Kind says which credential it was, for callers choosing a hint.
	Kind CredentialKind
	// Op says what was being obtained, in words.
	Op  string
	Err error
}

// CredentialKind is what a CredentialError failed to obtain.
type CredentialKind int

// The credentials obtained from IAM.
const (
	PasswordToken CredentialKind = iota + 1
	AgencyKeys
	ProjectID
	AccountID
)

func (e *CredentialError) Error() string { return e.Op + ": " + e.Err.Error() }

func (e *CredentialError) Unwrap() error { return e.Err }

// refusal says whether an IAM failure will not change by asking again.
func refusal(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 &&
		apiErr.StatusCode != http.StatusTooManyRequests
}

// renewBefore is how long before expiry credentials are replaced.
const renewBefore = 5 * time.Minute

// noAuth sends no credentials (the token request carries its own).
type noAuth struct{}

func (noAuth) Authenticate(*http.Request, string, time.Time) error { return nil }

// iamURL is the IAM endpoint for path under the /v3 API (or, for paths
// starting with /v3.0, beside it).
func (c *Client) iamURL(path string, query url.Values) (*url.URL, error) {
	var base *url.URL
	if c.authURL != nil {
		base = c.authURL
	} else {
		if c.region == "" {
			return nil, errors.New("no auth_url and no region to derive the IAM endpoint from")
		}
		base = &url.URL{Scheme: "https", Host: "iam." + c.region + "." + c.cloudFor(c.region), Path: "/v3"}
	}
	u := *base
	root := strings.TrimSuffix(base.Path, "/v3")
	if strings.HasPrefix(path, "/v3.0/") {
		u.Path = root + path
	} else {
		u.Path = root + "/v3" + path
	}
	u.RawPath = ""
	u.RawQuery = query.Encode()
	return &u, nil
}

// cached holds credentials obtained from IAM: fetched on first use under
// a lock, so that concurrent reads share one IAM call; replaced
// renewBefore their expiry or once seen rejected; and after a refusal
// never asked for again.
type cached[T comparable] struct {
	mu      sync.Mutex
	val     T
	expires time.Time
	refused error
}

func (c *cached[T]) get(now time.Time, kind CredentialKind, op string, fetch func() (T, time.Time, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	if c.refused != nil {
		return zero, c.refused
	}
	if c.val != zero && now.Before(c.expires.Add(-renewBefore)) {
		return c.val, nil
	}
	v, exp, err := fetch()
	if err != nil {
		// A credential the fetch needed first failed: that is the error.
		ce := &CredentialError{}
		if !errors.As(err, &ce) {
			ce = &CredentialError{Kind: kind, Op: op, Err: err}
		}
		if refusal(err) {
			c.refused = ce
		}
		return zero, ce
	}
	c.val, c.expires = v, exp
	return v, nil
}

// drop forgets the credentials if rejected says they are the ones a
// rejected request carried; another read may have replaced them already.
func (c *cached[T]) drop(rejected func(T) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rejected(c.val) {
		var zero T
		c.val = zero
	}
}

// passwordAuth authenticates with a project-scoped IAM token it obtains for
// a password.
type passwordAuth struct {
	c     *Client
	creds PasswordCredentials
	token cached[string]
}

func (a *passwordAuth) Authenticate(req *http.Request, _ string, now time.Time) error {
	who := a.creds.UserName
	if who == "" {
		who = a.creds.UserID
	}
	tok, err := a.token.get(now, PasswordToken, fmt.Sprintf("getting an IAM token for user %q", who), func() (string, time.Time, error) {
		return a.c.passwordToken(req.Context(), a.creds)
	})
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", tok)
	return nil
}

// Invalidate drops the token the rejected request carried.
func (a *passwordAuth) Invalidate(rejected *http.Request) {
	used := rejected.Header.Get("X-Auth-Token")
	a.token.drop(func(tok string) bool { return tok == used })
}

// passwordToken is POST /v3/auth/tokens with a password identity, scoped to
// the project (by id when known, else by the region's name); the token
// comes back in X-Subject-Token.
func (c *Client) passwordToken(ctx context.Context, p PasswordCredentials) (string, time.Time, error) {
	user := map[string]any{"password": p.Password}
	if p.UserID != "" {
		user["id"] = p.UserID
	} else {
		user["name"] = p.UserName
		if p.DomainID != "" {
			user["domain"] = map[string]string{"id": p.DomainID}
		} else {
			user["domain"] = map[string]string{"name": p.DomainName}
		}
	}
	scope := map[string]string{"name": c.region}
	if c.projectID != "" {
		scope = map[string]string{"id": c.projectID}
	}
	body, err := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{"user": user}},
		"scope":    map[string]any{"project": scope},
	}})
	if err != nil {
		return "", time.Time{}, err
	}
	u, err := c.iamURL("/auth/tokens", nil)
	if err != nil {
		return "", time.Time{}, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, url: u, body: body, auth: noAuth{}})
	if err != nil {
		return "", time.Time{}, err
	}
	tok := resp.header.Get("X-Subject-Token")
	var out struct {
		Token struct {
			ExpiresAt time.Time `json:"expires_at"`
		} `json:"token"`
	}
	if tok == "" || json.Unmarshal(resp.body, &out) != nil || out.Token.ExpiresAt.IsZero() {
		return "", time.Time{}, &ResponseError{Reason: "the IAM token answer has no X-Subject-Token or expires_at", RequestID: resp.requestID}
	}
	c.secrets.add(tok)
	return tok, out.Token.ExpiresAt, nil
}

// assumeRoleAuth signs with temporary keys of an agency, obtained with the
// base credentials.
type assumeRoleAuth struct {
	c    *Client
	base Authenticator
	role AssumeRole
	keys cached[AKSKAuth]
	// domain is the account of base access keys, for X-Domain-Id.
	domain cached[string]
}

func (a *assumeRoleAuth) Authenticate(req *http.Request, bodySHA256 string, now time.Time) error {
	keys, err := a.keys.get(now, AgencyKeys, fmt.Sprintf("assuming agency %q", a.role.AgencyName), func() (AKSKAuth, time.Time, error) {
		// IAM is global: a call signed with an access key pair names its
		// account in X-Domain-Id, as the official SDK's global
		// credentials do.
		var domainID string
		if keys, ok := a.base.(AKSKAuth); ok {
			var err error
			domainID, err = a.domain.get(now, AccountID, "looking up the account of the access key (set domain_id to skip this)",
				func() (string, time.Time, error) { return a.c.accountDomainID(req.Context(), keys) })
			if err != nil {
				return AKSKAuth{}, time.Time{}, err
			}
		}
		return a.c.securityToken(req.Context(), a.base, domainID, a.role)
	})
	if err != nil {
		return err
	}
	return keys.Authenticate(req, bodySHA256, now)
}

// Invalidate drops the temporary keys the rejected request was signed with.
func (a *assumeRoleAuth) Invalidate(rejected *http.Request) {
	used := rejected.Header.Get("X-Security-Token")
	a.keys.drop(func(k AKSKAuth) bool { return k.SecurityToken == used })
}

// securityToken is POST /v3.0/OS-CREDENTIAL/securitytokens with an
// assume_role identity, authenticated with the base credentials (and, for
// an access key pair, its account in X-Domain-Id).
func (c *Client) securityToken(ctx context.Context, base Authenticator, domainID string, r AssumeRole) (AKSKAuth, time.Time, error) {
	d := r.Duration
	if d <= 0 {
		d = time.Hour
	}
	role := map[string]any{"agency_name": r.AgencyName, "duration_seconds": int(d / time.Second)}
	if r.DomainID != "" {
		role["domain_id"] = r.DomainID
	} else {
		role["domain_name"] = r.DomainName
	}
	body, err := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"assume_role"}, "assume_role": role},
	}})
	if err != nil {
		return AKSKAuth{}, time.Time{}, err
	}
	u, err := c.iamURL("/v3.0/OS-CREDENTIAL/securitytokens", nil)
	if err != nil {
		return AKSKAuth{}, time.Time{}, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, url: u, body: body, auth: base, domainID: domainID})
	if err != nil {
		return AKSKAuth{}, time.Time{}, err
	}
	var out struct {
		Credential struct {
			Access        string    `json:"access"`
			Secret        string    `json:"secret"`
			SecurityToken string    `json:"securitytoken"`
			ExpiresAt     time.Time `json:"expires_at"`
		} `json:"credential"`
	}
	cr := &out.Credential
	if json.Unmarshal(resp.body, &out) != nil || cr.Access == "" || cr.Secret == "" || cr.SecurityToken == "" || cr.ExpiresAt.IsZero() {
		return AKSKAuth{}, time.Time{}, &ResponseError{Reason: "the security token answer lacks access, secret, securitytoken or expires_at", RequestID: resp.requestID}
	}
	c.secrets.add(cr.Secret, cr.SecurityToken)
	return AKSKAuth{AccessKey: cr.Access, SecretKey: cr.Secret, SecurityToken: cr.SecurityToken}, cr.ExpiresAt, nil
}

// neverExpires marks a cached value that does not go stale (an account id).
var neverExpires = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// accountDomainID is GET /v3/auth/domains, signed with keys: the account
// the access key pair belongs to.
func (c *Client) accountDomainID(ctx context.Context, keys AKSKAuth) (string, time.Time, error) {
	u, err := c.iamURL("/auth/domains", nil)
	if err != nil {
		return "", time.Time{}, err
	}
	resp, err := c.do(ctx, call{method: http.MethodGet, url: u, auth: keys})
	if err != nil {
		return "", time.Time{}, err
	}
	var out struct {
		Domains []struct {
			ID string `json:"id"`
		} `json:"domains"`
	}
	if err := json.Unmarshal(resp.body, &out); err != nil || len(out.Domains) != 1 || out.Domains[0].ID == "" {
		return "", time.Time{}, &ResponseError{Reason: "the account list does not name exactly one account", RequestID: resp.requestID,
			Snippet: snippet(resp.body, 120)}
	}
	return out.Domains[0].ID, neverExpires, nil
}

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
	id, err := c.lookupProject(ctx, region)
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

var errProjectCount = errors.New("IAM")

// lookupProject is GET /v3/projects?name={region}: exactly one must match.
func (c *Client) lookupProject(ctx context.Context, region string) (string, error) {
	u, err := c.iamURL("/projects", url.Values{"name": {region}})
	if err != nil {
		return "", err
	}
	resp, err := c.do(ctx, call{method: http.MethodGet, url: u, auth: c.auth})
	if err != nil {
		return "", err
	}
	var out struct {
		Projects []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(resp.body, &out); err != nil {
		return "", &ResponseError{Reason: "the project list is not valid JSON: " + err.Error(), RequestID: resp.requestID}
	}
	var ids []string
	for _, p := range out.Projects {
		if p.Name == region && p.ID != "" {
			ids = append(ids, p.ID)
		}
	}
	switch len(ids) {
	case 1:
		if err := ValidateProjectID(ids[0]); err != nil {
			return "", &ResponseError{Reason: fmt.Sprintf("IAM named project id %q, which %s", ids[0], err), RequestID: resp.requestID}
		}
		return ids[0], nil
	case 0:
		return "", fmt.Errorf("%w lists no project named %q for these credentials", errProjectCount, region)
	default:
		return "", fmt.Errorf("%w lists %d projects named %q (%s); set project_id to the one to use",
			errProjectCount, len(ids), region, strings.Join(ids, ", "))
	}
}
