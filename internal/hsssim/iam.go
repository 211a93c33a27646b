package hsssim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The IAM side of the simulator: password tokens, project lookup and
// agency security tokens, served on the same address as HSS (point the
// provider's auth_url at {simulator}/v3).

// User is an IAM user who may get a token with a password.
type User struct {
	Name       string `json:"name"`
	ID         string `json:"id,omitempty"`
	Password   string `json:"password"`
	DomainName string `json:"domain_name"`
	DomainID   string `json:"domain_id,omitempty"`
}

// Project is an IAM project; its name is a region id.
type Project struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Agency is an agency whose temporary keys any authenticated caller may
// get.
type Agency struct {
	Name       string `json:"name"`
	DomainName string `json:"domain_name"`
	DomainID   string `json:"domain_id,omitempty"`
}

// issued is a credential the simulator handed out, valid until expires.
type issued struct {
	expires time.Time
}

// ExpireIssued makes every token and temporary key the simulator has
// issued invalid from now on, as if they had run out.
func (s *Simulator) ExpireIssued() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.cfg.Now().Add(-time.Second)
	for k := range s.issuedTokens {
		s.issuedTokens[k] = issued{expires: past}
	}
	for k, c := range s.creds {
		if !c.expires.IsZero() {
			c.expires = past
			s.creds[k] = c
		}
	}
}

// ExpireIssuedAfter calls ExpireIssued once the simulator has seen n more
// requests, to stage credentials running out in the middle of a run.
func (s *Simulator) ExpireIssuedAfter(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireAt = len(s.requests) + n
}

// The IAM routes, as faults can target them.
const (
	RouteIAMToken          = "POST /v3/auth/tokens"
	RouteIAMProjects       = "GET /v3/projects"
	RouteIAMDomains        = "GET /v3/auth/domains"
	RouteIAMSecurityTokens = "POST /v3.0/OS-CREDENTIAL/securitytokens"
)

// routeIAM serves the IAM paths.
func (s *Simulator) routeIAM() {
	authenticated := func(h func(w http.ResponseWriter, r *http.Request) int) handler {
		return func(w http.ResponseWriter, r *http.Request, requestID string) (int, string) {
			if st := s.authenticate(w, r, requestID); st != 0 {
				return st, ""
			}
			return h(w, r), ""
		}
	}
	s.routeIAMPath(RouteIAMToken, func(w http.ResponseWriter, r *http.Request, _ string) (int, string) {
		return s.issueToken(w, r), ""
	})
	s.routeIAMPath(RouteIAMProjects, authenticated(s.listProjects))
	s.routeIAMPath(RouteIAMDomains, authenticated(func(w http.ResponseWriter, _ *http.Request) int {
		return writeJSON(w, http.StatusOK, map[string]any{"domains": []map[string]any{
			{"id": s.domainID(), "name": "sim-account", "enabled": true},
		}})
	}))
	s.routeIAMPath(RouteIAMSecurityTokens, authenticated(func(w http.ResponseWriter, r *http.Request) int {
		if st := s.requireDomain(w, r); st != 0 {
			return st
		}
		return s.issueSecurityToken(w, r)
	}))
}

// DefaultDomainID is the simulated account's id when Config.DomainID is
// empty.
const DefaultDomainID = "d-sim-account"

func (s *Simulator) domainID() string {
	if s.cfg.DomainID != "" {
		return s.cfg.DomainID
	}
	return DefaultDomainID
}

// requireDomain refuses a call to IAM, a global service, that is signed
// with an access key pair but does not name its account in a signed
// X-Domain-Id, as IAM does for calls that are not made with global
// credentials. Token calls need none.
func (s *Simulator) requireDomain(w http.ResponseWriter, r *http.Request) int {
	if r.Header.Get("Authorization") == "" {
		return 0
	}
	signed := false
	for _, p := range strings.Split(r.Header.Get("Authorization"), ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && k == "SignedHeaders" {
			signed = slices.Contains(strings.Split(v, ";"), "x-domain-id")
		}
	}
	if !signed || r.Header.Get("X-Domain-Id") != s.domainID() {
		return iamError(w, http.StatusUnauthorized, "Unauthorized",
			"The request you have made requires authentication: a global service signed with an access key needs "+
				"the account's id in a signed X-Domain-Id header.")
	}
	return 0
}

func iamError(w http.ResponseWriter, status int, title, msg string) int {
	return writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "title": title, "message": msg}})
}

func (s *Simulator) issueToken(w http.ResponseWriter, r *http.Request) int {
	var body struct {
		Auth struct {
			Identity struct {
				Methods  []string `json:"methods"`
				Password struct {
					User struct {
						Name     string            `json:"name"`
						ID       string            `json:"id"`
						Password string            `json:"password"`
						Domain   map[string]string `json:"domain"`
					} `json:"user"`
				} `json:"password"`
			} `json:"identity"`
			Scope struct {
				Project map[string]string `json:"project"`
			} `json:"scope"`
		} `json:"auth"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		return iamError(w, http.StatusBadRequest, "Bad Request", "The request body is not valid JSON.")
	}
	u := body.Auth.Identity.Password.User
	var found *User
	for i := range s.cfg.Users {
		c := &s.cfg.Users[i]
		byID := u.ID != "" && u.ID == c.ID
		byName := u.Name != "" && u.Name == c.Name && (u.Domain["name"] == c.DomainName || (u.Domain["id"] != "" && u.Domain["id"] == c.DomainID))
		if byID || byName {
			found = c
		}
	}
	if found == nil || found.Password != u.Password {
		return iamError(w, http.StatusUnauthorized, "Unauthorized", "The username or password is wrong.")
	}
	project, ok := s.findProject(body.Auth.Scope.Project)
	if !ok {
		return iamError(w, http.StatusBadRequest, "Bad Request", "The project in the scope does not exist.")
	}

	s.mu.Lock()
	s.issuedNo++
	token := fmt.Sprintf("sim-iam-token-%06d", s.issuedNo)
	expires := s.cfg.Now().Add(s.tokenTTL()).UTC()
	s.issuedTokens[token] = issued{expires: expires}
	s.mu.Unlock()

	w.Header().Set("X-Subject-Token", token)
	return writeJSON(w, http.StatusCreated, map[string]any{"token": map[string]any{
		"expires_at": expires.Format("2006-01-02T15:04:05.000000Z"),
		"methods":    []string{"password"},
		"project":    map[string]string{"id": project.ID, "name": project.Name},
		"user":       map[string]string{"id": found.ID, "name": found.Name},
	}})
}

func (s *Simulator) tokenTTL() time.Duration {
	if s.cfg.TokenTTL > 0 {
		return s.cfg.TokenTTL
	}
	return 24 * time.Hour
}

func (s *Simulator) findProject(scope map[string]string) (Project, bool) {
	for _, p := range s.cfg.Projects {
		if (scope["id"] != "" && scope["id"] == p.ID) || (scope["id"] == "" && scope["name"] != "" && scope["name"] == p.Name) {
			return p, true
		}
	}
	return Project{}, false
}

func (s *Simulator) listProjects(w http.ResponseWriter, r *http.Request) int {
	name := r.URL.Query().Get("name")
	projects := []Project{}
	for _, p := range s.cfg.Projects {
		if name == "" || p.Name == name {
			projects = append(projects, p)
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"projects": projects, "links": map[string]any{"self": r.URL.String()}})
}

func (s *Simulator) issueSecurityToken(w http.ResponseWriter, r *http.Request) int {
	var body struct {
		Auth struct {
			Identity struct {
				Methods    []string `json:"methods"`
				AssumeRole struct {
					AgencyName      string `json:"agency_name"`
					DomainName      string `json:"domain_name"`
					DomainID        string `json:"domain_id"`
					DurationSeconds int    `json:"duration_seconds"`
				} `json:"assume_role"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		return iamError(w, http.StatusBadRequest, "Bad Request", "The request body is not valid JSON.")
	}
	ar := body.Auth.Identity.AssumeRole
	if ar.DurationSeconds == 0 {
		ar.DurationSeconds = 900
	}
	if ar.DurationSeconds < 900 || ar.DurationSeconds > 86400 {
		return iamError(w, http.StatusBadRequest, "Bad Request", "duration_seconds must be between 900 and 86400.")
	}
	known := false
	for _, a := range s.cfg.Agencies {
		if a.Name == ar.AgencyName && (ar.DomainName == a.DomainName || (ar.DomainID != "" && ar.DomainID == a.DomainID)) {
			known = true
		}
	}
	if !known {
		return iamError(w, http.StatusForbidden, "Forbidden", "The agency does not exist or may not be assumed.")
	}

	s.mu.Lock()
	s.issuedNo++
	n := s.issuedNo
	expires := s.cfg.Now().Add(time.Duration(ar.DurationSeconds) * time.Second).UTC()
	c := Credential{AccessKey: fmt.Sprintf("SIMTEMPAK%06d", n), SecretKey: fmt.Sprintf("sim-temp-secret-%06d", n),
		SecurityToken: fmt.Sprintf("sim-security-token-%06d", n), expires: expires}
	s.creds[c.AccessKey] = c
	s.mu.Unlock()

	return writeJSON(w, http.StatusCreated, map[string]any{"credential": map[string]string{
		"access": c.AccessKey, "secret": c.SecretKey, "securitytoken": c.SecurityToken,
		"expires_at": expires.Format("2006-01-02T15:04:05.000000Z"),
	}})
}
