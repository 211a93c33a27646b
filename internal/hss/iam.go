package hss

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// iamClient makes the three IAM calls the credential sources need: a
// project-scoped token for a password, temporary keys for an agency, and
// the account of an access key pair; and the project lookup. It sends
// through the client's transport, and tells the redactor every secret it
// obtains.
type iamClient struct {
	t       *transport
	authURL *url.URL // nil when derived from the region
	// region, projectID and cloud are the client's: the token's scope and
	// the default endpoint.
	region, projectID string
	cloud             cloud
}

// noAuth sends no credentials (the token request carries its own).
type noAuth struct{}

func (noAuth) Authenticate(*http.Request, string, time.Time) error { return nil }

// iamURL is the IAM endpoint for path under the /v3 API (or, for paths
// starting with /v3.0, beside it).
func (c *iamClient) url(path string, query url.Values) (*url.URL, error) {
	var base *url.URL
	if c.authURL != nil {
		base = c.authURL
	} else {
		if c.region == "" {
			return nil, errors.New("no auth_url and no region to derive the IAM endpoint from")
		}
		base = &url.URL{Scheme: "https", Host: "iam." + c.region + "." + c.cloud.of(c.region), Path: "/v3"}
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

// passwordToken is POST /v3/auth/tokens with a password identity, scoped to
// the project (by id when known, else by the region's name); the token
// comes back in X-Subject-Token.
func (c *iamClient) passwordToken(ctx context.Context, p PasswordCredentials) (string, time.Time, error) {
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
	u, err := c.url("/auth/tokens", nil)
	if err != nil {
		return "", time.Time{}, err
	}
	resp, err := c.t.do(ctx, call{method: http.MethodPost, url: u, body: body, idempotent: true, auth: noAuth{}})
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
	c.t.secrets.add(tok)
	return tok, out.Token.ExpiresAt, nil
}

// securityToken is POST /v3.0/OS-CREDENTIAL/securitytokens with an
// assume_role identity, authenticated with the base credentials (and, for
// an access key pair, its account in X-Domain-Id).
func (c *iamClient) securityToken(ctx context.Context, base Authenticator, domainID string, r AssumeRole) (AKSKAuth, time.Time, error) {
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
	u, err := c.url("/v3.0/OS-CREDENTIAL/securitytokens", nil)
	if err != nil {
		return AKSKAuth{}, time.Time{}, err
	}
	resp, err := c.t.do(ctx, call{method: http.MethodPost, url: u, body: body, idempotent: true, auth: base, domainID: domainID})
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
	c.t.secrets.add(cr.Access, cr.Secret, cr.SecurityToken)
	return AKSKAuth{AccessKey: cr.Access, SecretKey: cr.Secret, SecurityToken: cr.SecurityToken}, cr.ExpiresAt, nil
}

// accountDomainID is GET /v3/auth/domains, signed with keys: the account
// the access key pair belongs to.
func (c *iamClient) accountDomainID(ctx context.Context, keys AKSKAuth) (string, time.Time, error) {
	u, err := c.url("/auth/domains", nil)
	if err != nil {
		return "", time.Time{}, err
	}
	resp, err := c.t.do(ctx, call{method: http.MethodGet, url: u, idempotent: true, auth: keys})
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
			Snippet: c.t.secrets.redact(snippet(resp.body, 120))}
	}
	return out.Domains[0].ID, neverExpires, nil
}

var errProjectCount = errors.New("IAM")

// lookupProject is GET /v3/projects?name={region}: exactly one must match.
func (c *iamClient) lookupProject(ctx context.Context, auth Authenticator, region string) (string, error) {
	u, err := c.url("/projects", url.Values{"name": {region}})
	if err != nil {
		return "", err
	}
	resp, err := c.t.do(ctx, call{method: http.MethodGet, url: u, idempotent: true, auth: auth})
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
