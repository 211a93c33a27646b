package hss

import (
	"net/http"
	"time"
)

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
