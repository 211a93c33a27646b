// Package hsssim is an HSS simulator: an http.Handler that answers the
// HSS APIs the provider uses the way Huawei Cloud's HSS and its API
// gateway do, with their status codes and error bodies, checks tokens and
// AK/SK signatures with a verifier of its own, and plays back scripted
// faults (on any route, or one) so that tests can stage throttling,
// outages and malformed answers offline.
//
// One file per API family: export_task.go (the task status query),
// iam.go; auth.go and signature.go check credentials; faults.go plays
// faults; respond.go writes the gateway's and HSS's answers.
package hsssim

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
	"sync"
	"time"
)

// Credential is an access key pair the simulator accepts. With a
// SecurityToken it is a temporary key, and requests must carry the token.
type Credential struct {
	AccessKey     string    `json:"access_key"`
	SecretKey     string    `json:"secret_key"`
	SecurityToken string    `json:"security_token,omitempty"`
	expires       time.Time // for keys the simulator issued
}

// Config seeds a simulator.
type Config struct {
	// ProjectID is the only project the credentials may use.
	ProjectID string `json:"project_id"`
	// Tokens are accepted IAM tokens (X-Auth-Token).
	Tokens []string `json:"tokens,omitempty"`
	// Credentials are accepted access key pairs.
	Credentials []Credential `json:"credentials,omitempty"`
	// DomainID is the account the credentials belong to, which IAM calls
	// signed with them must name in X-Domain-Id; DefaultDomainID when
	// empty.
	DomainID string `json:"domain_id,omitempty"`
	// Tasks are the export tasks that exist.
	Tasks []Task `json:"tasks,omitempty"`
	// BaselineChecks are the configuration check results the report
	// (RouteBaselineReport) lists.
	BaselineChecks []BaselineCheck `json:"baseline_checks,omitempty"`
	// Users, Projects and Agencies are the IAM side: who may get a token
	// with a password, which projects exist (named after regions), and
	// which agencies may be assumed.
	Users    []User    `json:"users,omitempty"`
	Projects []Project `json:"projects,omitempty"`
	Agencies []Agency  `json:"agencies,omitempty"`
	// TokenTTL is how long issued IAM tokens last; 24 hours when zero.
	TokenTTL time.Duration `json:"-"`
	// ThrottleRate is the share of requests answered 429 APIGW.0308 as an
	// overloaded gateway would (0 to 1). Which ones is decided by each
	// request alone (its method, path and query, and how many times the
	// same request came before: its attempt), never by the order in which
	// concurrent requests arrive, so a run repeats whatever the
	// scheduling; and no request is throttled more than MaxThrottlesInARow
	// times in a row.
	ThrottleRate float64 `json:"throttle_rate,omitempty"`
	// ThrottleRetryAfter is the Retry-After of those answers, if any.
	ThrottleRetryAfter string `json:"throttle_retry_after,omitempty"`
	// ExportRunningPolls is how many status reads a started export answers
	// "running" before it finishes.
	ExportRunningPolls int `json:"export_running_polls,omitempty"`
	// FileSize is about how large an exported file is; DefaultFileSize
	// when zero.
	FileSize int64 `json:"file_size,omitempty"`
	// Now is the simulator's clock, for the X-Sdk-Date check; time.Now when
	// nil.
	Now func() time.Time `json:"-"`
}

// Request is what the simulator saw of one request.
type Request struct {
	Method   string
	Path     string // escaped, as sent
	RawQuery string
	Header   http.Header
	Status   int // what the simulator answered
	// TaskStatus is the task_status of a normal 200 answer.
	TaskStatus string
}

// Simulator is the handler. Create it with New; it is safe for concurrent
// use.
type Simulator struct {
	cfg   Config
	mux   *http.ServeMux
	creds map[string]Credential
	mu    sync.Mutex
	tasks map[string]*taskState
	// faults are played in order; each is used Count times.
	faults    []*Fault
	requests  []Request
	requestNo int
	attempts  map[string]int // of each request, for ThrottleRate

	issuedTokens map[string]issued
	issuedNo     int
	expireAt     int // request count at which to expire issued credentials; 0 for never

	exports  []Export
	exportNo int
	failing  []string // kinds whose exports fail
	files    map[string]exportFile
}

// New builds a simulator seeded from cfg.
func New(cfg Config) *Simulator {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Simulator{cfg: cfg, creds: map[string]Credential{}, tasks: map[string]*taskState{},
		attempts: map[string]int{}, issuedTokens: map[string]issued{}, files: map[string]exportFile{}}
	for _, c := range cfg.Credentials {
		s.creds[c.AccessKey] = c
	}
	for _, t := range cfg.Tasks {
		s.AddTask(t)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.answered(r, gatewayError(w, http.StatusNotFound, "APIGW.0101",
			"The API does not exist or has not been published in the environment", exchangeOf(r).requestID))
	})
	s.routeHSS(RouteExportTask, s.serveTaskAt(false))
	s.routeHSS(RouteEventExportTask, s.serveTaskAt(true))
	s.routeHSS(RouteLatestExportTask, s.serveLatestExportTask)
	s.routeExports()
	s.routeHSS(RouteDownload, s.serveDownload)
	s.routeHSS(RouteBaselineReport, s.serveBaselineReport)
	s.routeIAM()
	return s
}

// Inject queues faults; they are served before any normal answer, in order.
func (s *Simulator) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range faults {
		f := faults[i]
		if f.Count <= 0 {
			f.Count = 1
		}
		s.faults = append(s.faults, &f)
	}
}

// Requests returns a copy of every request seen so far.
func (s *Simulator) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount is how many requests the simulator has seen.
func (s *Simulator) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// exchange is what the simulator knows of the request it is answering.
type exchange struct {
	requestID string
	index     int // in s.requests
	// fault is a fault the route's handler plays itself (a cut or paced
	// body).
	fault *Fault
}

type exchangeKey struct{}

func exchangeOf(r *http.Request) *exchange {
	e, _ := r.Context().Value(exchangeKey{}).(*exchange)
	return e
}

// answered records the status (and, for a task, its status) of the
// answer to r.
func (s *Simulator) answered(r *http.Request, status int, taskStatus ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := &s.requests[exchangeOf(r).index]
	req.Status = status
	if len(taskStatus) > 0 {
		req.TaskStatus = taskStatus[0]
	}
}

// ServeHTTP records the request and routes it.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requestNo++
	e := &exchange{requestID: fmt.Sprintf("sim-%08d", s.requestNo), index: len(s.requests)}
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(),
	})
	expire := s.expireAt > 0 && len(s.requests) > s.expireAt
	if expire {
		s.expireAt = 0
	}
	s.mu.Unlock()
	if expire {
		s.ExpireIssued()
	}
	w.Header().Set("X-Request-Id", e.requestID)
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, e)))
}

// handler answers one request and returns the HTTP status, and for a task
// status query the task_status it answered.
type handler func(w http.ResponseWriter, r *http.Request, requestID string) (int, string)

// routeHSS serves an HSS API route the way the gateway does: scripted
// faults first, then throttling, then the credentials, then the API.
func (s *Simulator) routeHSS(pattern string, h handler) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		id := exchangeOf(r).requestID
		if f := s.nextFault(pattern, r.PathValue("task_id")); f != nil {
			switch {
			case f.Hold != nil:
				if f.Arrived != nil {
					close(f.Arrived)
				}
				select {
				case <-f.Hold:
				case <-r.Context().Done():
					s.answered(r, 0)
					return
				}
			case f.CutAfter == 0 && f.Pace == 0:
				s.answered(r, s.playFault(w, r, f, id))
				return
			default:
				exchangeOf(r).fault = f
			}
		}
		if s.throttled(r) {
			s.answered(r, s.playFault(w, r, &Fault{Status: http.StatusTooManyRequests, RetryAfter: s.cfg.ThrottleRetryAfter}, id))
			return
		}
		if status := s.authenticate(w, r, id); status != 0 {
			s.answered(r, status)
			return
		}
		if project := r.PathValue("project_id"); project != s.cfg.ProjectID {
			s.answered(r, hssError(w, http.StatusBadRequest, "HSS.0010", "Access denied: the project does not match the credentials"))
			return
		}
		status, taskStatus := h(w, r, id)
		s.answered(r, status, taskStatus)
	})
}

// routeIAMPath serves an IAM route; IAM checks credentials per route, and
// only faults aimed at the route apply.
func (s *Simulator) routeIAMPath(pattern string, h handler) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		id := exchangeOf(r).requestID
		if f := s.nextRouteFault(pattern); f != nil {
			s.answered(r, s.playFault(w, r, f, id))
			return
		}
		status, _ := h(w, r, id)
		s.answered(r, status)
	})
}

// MaxThrottlesInARow bounds how many attempts of one request ThrottleRate
// throttles in a row: a client that retries more often always gets through.
const MaxThrottlesInARow = 5

// throttled decides for ThrottleRate from the request and its attempt
// number alone (see Config.ThrottleRate).
func (s *Simulator) throttled(r *http.Request) bool {
	if s.cfg.ThrottleRate <= 0 {
		return false
	}
	key := r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery
	s.mu.Lock()
	attempt := s.attempts[key]
	s.attempts[key]++
	s.mu.Unlock()
	if attempt%(MaxThrottlesInARow+1) == MaxThrottlesInARow {
		return false
	}
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, "%s#%d", key, attempt)
	x := h.Sum64() // FNV's high bits mix poorly: splitmix64's finalizer spreads them
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11)/(1<<53) < s.cfg.ThrottleRate
}
