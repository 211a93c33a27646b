package hsssim

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// maxClockSkew is how far X-Sdk-Date may be from the gateway's clock.
const maxClockSkew = 15 * time.Minute

// authenticate checks the token or the AK/SK signature the way the API
// gateway does. It answers and returns the status on failure, 0 on success.
func (s *Simulator) authenticate(w http.ResponseWriter, r *http.Request, requestID string) int {
	deny := func(code, msg string) int {
		return gatewayError(w, http.StatusUnauthorized, code, msg, requestID)
	}
	if token := r.Header.Get("X-Auth-Token"); token != "" {
		for _, t := range s.cfg.Tokens {
			if hmac.Equal([]byte(t), []byte(token)) {
				return 0
			}
		}
		s.mu.Lock()
		iss, ok := s.issuedTokens[token]
		s.mu.Unlock()
		if ok && s.cfg.Now().Before(iss.expires) {
			return 0
		}
		return deny("APIGW.0301", "Incorrect IAM authentication information: verify token fail")
	}

	auth := r.Header.Get("Authorization")
	scheme, params, _ := strings.Cut(auth, " ")
	if auth == "" {
		return deny("APIGW.0301", "Incorrect IAM authentication information: Authorization header not found")
	}
	if scheme != signingAlgorithm {
		return deny("APIGW.0301", "Incorrect IAM authentication information: unsupported authorization scheme")
	}
	fields := map[string]string{}
	for _, p := range strings.Split(params, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok {
			fields[k] = v
		}
	}
	s.mu.Lock()
	cred, known := s.creds[fields["Access"]]
	s.mu.Unlock()
	if !known {
		return deny("APIGW.0301", "Incorrect IAM authentication information: ak "+fields["Access"]+" not exist")
	}
	date, err := time.Parse(sdkDateLayout, r.Header.Get("X-Sdk-Date"))
	if err != nil {
		return deny("APIGW.0301", "Incorrect IAM authentication information: x-sdk-date is missing or malformed")
	}
	if skew := s.cfg.Now().Sub(date); skew > maxClockSkew || skew < -maxClockSkew {
		return deny("APIGW.0303", "Incorrect app authentication information: the request time is more than 15 minutes off the server time")
	}
	signed := strings.Split(fields["SignedHeaders"], ";")
	if !slices.Contains(signed, "x-sdk-date") {
		return deny("APIGW.0301", "Incorrect IAM authentication information: x-sdk-date is not signed")
	}
	emptySum := sha256.Sum256(nil)
	bodyHash := hex.EncodeToString(emptySum[:])
	if r.Body != nil && r.ContentLength != 0 {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return deny("APIGW.0301", "Incorrect IAM authentication information: the body could not be read")
		}
		sum := sha256.Sum256(body)
		bodyHash = hex.EncodeToString(sum[:])
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	want := signature(cred.SecretKey, r.Header.Get("X-Sdk-Date"), canonicalRequest(r, signed, bodyHash))
	if !hmac.Equal([]byte(want), []byte(fields["Signature"])) {
		return deny("APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail")
	}
	if cred.SecurityToken != "" && !hmac.Equal([]byte(cred.SecurityToken), []byte(strings.TrimSpace(r.Header.Get("X-Security-Token")))) {
		return deny("APIGW.0301", "Incorrect IAM authentication information: the security token is missing or invalid")
	}
	if !cred.expires.IsZero() && !s.cfg.Now().Before(cred.expires) {
		return deny("APIGW.0301", "Incorrect IAM authentication information: the security token has expired")
	}
	return 0
}
