package hss

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Credential sources. Each Authenticator adds finished credentials to a
// request: a token, an access key pair's signature, or credentials it
// obtained from IAM (a password's token, an agency's temporary keys) and
// keeps in a cache that renews them ahead of expiry. The IAM calls
// themselves are iam.go's.

// Authenticator adds credentials to a request just before each attempt is
// sent, so that a retried request carries a fresh signature. bodySHA256 is
// the hex SHA-256 of the body ("" for none); req.Context() bounds any call
// the authenticator must make first (fetching a token).
type Authenticator interface {
	Authenticate(req *http.Request, bodySHA256 string, now time.Time) error
}

// TokenAuth authenticates with an IAM token sent as X-Auth-Token.
type TokenAuth struct {
	Token string
}

// Authenticate sets X-Auth-Token.
func (a TokenAuth) Authenticate(req *http.Request, _ string, _ time.Time) error {
	req.Header.Set("X-Auth-Token", a.Token)
	return nil
}

// AKSKAuth signs requests with an access key pair, and sends the security
// token of temporary credentials when there is one.
type AKSKAuth struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
}

// Authenticate sets X-Security-Token (for temporary keys), then X-Sdk-Date
// and the SDK-HMAC-SHA256 Authorization header.
func (a AKSKAuth) Authenticate(req *http.Request, bodySHA256 string, now time.Time) error {
	if a.SecurityToken != "" {
		req.Header.Set("X-Security-Token", a.SecurityToken)
	}
	Signer{AccessKey: a.AccessKey, SecretKey: a.SecretKey}.Sign(req, bodySHA256, now)
	return nil
}

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
	iam   *iamClient
	creds PasswordCredentials
	token cached[string]
}

func (a *passwordAuth) Authenticate(req *http.Request, _ string, now time.Time) error {
	who := a.creds.UserName
	if who == "" {
		who = a.creds.UserID
	}
	tok, err := a.token.get(now, PasswordToken, fmt.Sprintf("getting an IAM token for user %q", who), func() (string, time.Time, error) {
		return a.iam.passwordToken(req.Context(), a.creds)
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

// assumeRoleAuth signs with temporary keys of an agency, obtained with the
// base credentials.
type assumeRoleAuth struct {
	iam  *iamClient
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
				func() (string, time.Time, error) { return a.iam.accountDomainID(req.Context(), keys) })
			if err != nil {
				return AKSKAuth{}, time.Time{}, err
			}
		}
		return a.iam.securityToken(req.Context(), a.base, domainID, a.role)
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

// neverExpires marks a cached value that does not go stale (an account id).
var neverExpires = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
