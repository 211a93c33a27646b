// Package hsssim is an HSS simulator: an http.Handler that answers the
// export-task query the way Huawei Cloud's HSS and its API gateway do, with
// their status codes and error bodies, checks tokens and AK/SK signatures,
// and plays back scripted faults so that tests can stage throttling,
// outages and malformed answers offline.
package hsssim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Task is an export task the simulator knows.
type Task struct {
	ID       string `json:"task_id"`
	Name     string `json:"task_name"`
	Status   string `json:"task_status"`
	FileID   string `json:"file_id,omitempty"`
	FileName string `json:"file_name,omitempty"`
	// EnterpriseProjectID is the enterprise project the task belongs to;
	// empty means the default one, "0".
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	// RunningPolls makes the first reads answer "running" (without file
	// fields) before the task shows Status.
	RunningPolls int `json:"running_polls,omitempty"`
	// RunningSeconds makes the task answer "running" until that many seconds
	// after it was added.
	RunningSeconds float64 `json:"running_seconds,omitempty"`
}

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
	// Users, Projects and Agencies are the IAM side: who may get a token
	// with a password, which projects exist (named after regions), and
	// which agencies may be assumed.
	Users    []User    `json:"users,omitempty"`
	Projects []Project `json:"projects,omitempty"`
	Agencies []Agency  `json:"agencies,omitempty"`
	// TokenTTL is how long issued IAM tokens last; 24 hours when zero.
	TokenTTL time.Duration `json:"-"`
	// ThrottleRate is the share of requests, chosen at random, answered
	// 429 APIGW.0308 as an overloaded gateway would (0 to 1).
	ThrottleRate float64 `json:"throttle_rate,omitempty"`
	// ThrottleRetryAfter is the Retry-After of those answers, if any.
	ThrottleRetryAfter string `json:"throttle_retry_after,omitempty"`
	// Now is the simulator's clock, for the X-Sdk-Date check; time.Now when
	// nil.
	Now func() time.Time `json:"-"`
}

// Fault is a scripted answer that replaces the normal one for Count
// requests (1 when zero).
type Fault struct {
	// Status is the HTTP status to answer with; 200 with Body serves a
	// malformed success.
	Status int
	// Code and Message fill the JSON error body; Code defaults to what the
	// real gateway sends for Status.
	Code    string
	Message string
	// Body, when set, is sent as is instead of a JSON error body.
	Body string
	// ContentType of Body; application/json when empty.
	ContentType string
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// Delay holds the answer back; a client that gives up first ends it.
	Delay time.Duration
	// Trickle sends a 200 whose body never ends: one byte per Trickle,
	// until the client gives up.
	Trickle time.Duration
	// Size sends a 200 whose body is Size bytes of a JSON string, streamed
	// without holding it in memory, for clients that must stop reading.
	Size int64
	// Count is how many requests get this answer.
	Count int
	// TaskID limits the fault to reads of one task; empty matches all.
	TaskID string
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
	creds map[string]Credential
	mu    sync.Mutex
	tasks map[string]*taskState
	// faults are played in order; each is used Count times.
	faults    []*Fault
	requests  []Request
	requestNo int
	rng       *rand.Rand // for ThrottleRate; seeded, so runs repeat

	issuedTokens map[string]issued
	issuedNo     int
	expireAt     int // request count at which to expire issued credentials; 0 for never
}

type taskState struct {
	Task
	reads int
	added time.Time
}

// New builds a simulator seeded from cfg.
func New(cfg Config) *Simulator {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Simulator{cfg: cfg, creds: map[string]Credential{}, tasks: map[string]*taskState{},
		rng: rand.New(rand.NewPCG(1, 2)), issuedTokens: map[string]issued{}}
	for _, c := range cfg.Credentials {
		s.creds[c.AccessKey] = c
	}
	for _, t := range cfg.Tasks {
		s.AddTask(t)
	}
	return s
}

// AddTask adds or replaces an export task.
func (s *Simulator) AddTask(t Task) {
	if t.EnterpriseProjectID == "" {
		t.EnterpriseProjectID = "0"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tasks[t.ID] = &taskState{Task: t, added: s.cfg.Now()}
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

// ServeHTTP answers one request.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requestNo++
	requestID := fmt.Sprintf("sim-%08d", s.requestNo)
	idx := len(s.requests)
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

	status, taskStatus := s.serve(w, r, requestID)

	s.mu.Lock()
	s.requests[idx].Status = status
	s.requests[idx].TaskStatus = taskStatus
	s.mu.Unlock()
}

// serve answers and returns the status, and the task_status of a normal
// answer.
func (s *Simulator) serve(w http.ResponseWriter, r *http.Request, requestID string) (int, string) {
	w.Header().Set("X-Request-Id", requestID)
	if status, ok := s.serveIAM(w, r, requestID); ok {
		return status, ""
	}

	project, taskID, ok := parseExportTaskPath(r.URL.EscapedPath())
	if !ok || r.Method != http.MethodGet {
		return gatewayError(w, http.StatusNotFound, "APIGW.0101",
			"The API does not exist or has not been published in the environment", requestID), ""
	}
	if f := s.nextFault(taskID); f != nil {
		return s.playFault(w, r, f, requestID), ""
	}
	if s.throttled() {
		return s.playFault(w, r, &Fault{Status: http.StatusTooManyRequests, RetryAfter: s.cfg.ThrottleRetryAfter}, requestID), ""
	}
	if status := s.authenticate(w, r, requestID); status != 0 {
		return status, ""
	}
	if project != s.cfg.ProjectID {
		return hssError(w, http.StatusBadRequest, "HSS.0010", "Access denied: the project does not match the credentials"), ""
	}
	if taskID == "" || utf8.RuneCountInString(taskID) > 64 {
		return hssError(w, http.StatusBadRequest, "HSS.0001", "Invalid parameter: task_id"), ""
	}
	ep := r.URL.Query().Get("enterprise_project_id")

	s.mu.Lock()
	t, found := s.tasks[taskID]
	var body map[string]string
	if found && visible(t.EnterpriseProjectID, ep) {
		t.reads++
		body = map[string]string{"task_id": t.ID, "task_name": t.Name, "task_status": t.Status}
		if t.runningNow(s.cfg.Now()) {
			body["task_status"] = "running"
		} else {
			putIfSet(body, "file_id", t.FileID)
			putIfSet(body, "file_name", t.FileName)
		}
	}
	s.mu.Unlock()

	if body == nil {
		return hssError(w, http.StatusBadRequest, "HSS.0011", "The requested resource does not exist"), ""
	}
	return writeJSON(w, http.StatusOK, body), body["task_status"]
}

func (s *Simulator) throttled() bool {
	if s.cfg.ThrottleRate <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Float64() < s.cfg.ThrottleRate
}

func (t *taskState) runningNow(now time.Time) bool {
	if t.reads <= t.RunningPolls {
		return true
	}
	return t.RunningSeconds > 0 && now.Sub(t.added).Seconds() < t.RunningSeconds
}

// visible says whether a task in enterprise project taskEP answers a query
// for queryEP: the default project when none is asked, every project for
// all_granted_eps.
func visible(taskEP, queryEP string) bool {
	switch queryEP {
	case "":
		return taskEP == "0"
	case "all_granted_eps":
		return true
	}
	return taskEP == queryEP
}

func putIfSet(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// parseExportTaskPath splits /v5/{project_id}/export-task/{task_id} and
// unescapes both ids.
func parseExportTaskPath(escaped string) (project, task string, ok bool) {
	parts := strings.Split(escaped, "/")
	if len(parts) != 5 || parts[0] != "" || parts[1] != "v5" || parts[3] != "export-task" {
		return "", "", false
	}
	project, err1 := url.PathUnescape(parts[2])
	task, err2 := url.PathUnescape(parts[4])
	if err1 != nil || err2 != nil || project == "" {
		return "", "", false
	}
	return project, task, true
}

func (s *Simulator) nextFault(taskID string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.TaskID != "" && f.TaskID != taskID {
			continue
		}
		f.Count--
		if f.Count <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

func (s *Simulator) playFault(w http.ResponseWriter, r *http.Request, f *Fault, requestID string) int {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-r.Context().Done():
			t.Stop()
			return 0
		case <-t.C:
		}
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Trickle > 0 || f.Size > 0 {
		return streamBody(w, r, f)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Body != "" || status == http.StatusOK {
		ct := f.ContentType
		if ct == "" {
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
		return status
	}
	code, msg := f.Code, f.Message
	if code == "" {
		code, msg = defaultError(status, msg)
	}
	if strings.HasPrefix(code, "APIGW.") {
		return gatewayError(w, status, code, msg, requestID)
	}
	return hssError(w, status, code, msg)
}

// defaultError is what the real gateway says for a status.
func defaultError(status int, msg string) (string, string) {
	code, text := "", http.StatusText(status)
	switch status {
	case http.StatusTooManyRequests:
		code, text = "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:50,time:1 minute"
	case http.StatusUnauthorized:
		code, text = "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"
	case http.StatusForbidden:
		code, text = "APIGW.0302", "The IAM user is not authorized to access the API"
	case http.StatusNotFound:
		code, text = "APIGW.0101", "The API does not exist or has not been published in the environment"
	case http.StatusBadRequest:
		code, text = "HSS.0001", "Invalid parameter"
	case http.StatusBadGateway:
		code, text = "APIGW.0202", "Backend unavailable"
	case http.StatusGatewayTimeout:
		code, text = "APIGW.0203", "Backend timeout"
	}
	if msg == "" {
		msg = text
	}
	return code, msg
}

func gatewayError(w http.ResponseWriter, status int, code, msg, requestID string) int {
	return writeJSON(w, status, map[string]string{"error_code": code, "error_msg": msg, "request_id": requestID})
}

func hssError(w http.ResponseWriter, status int, code, msg string) int {
	return writeJSON(w, status, map[string]string{"error_code": code, "error_msg": msg, "error_description": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}

// streamBody plays Trickle and Size faults: a 200 that starts like an
// export task and then goes on slowly, or for far too long.
func streamBody(w http.ResponseWriter, r *http.Request, f *Fault) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	if _, err := io.WriteString(w, `{"task_status":"success","pad":"`); err != nil {
		return http.StatusOK
	}
	if f.Trickle > 0 {
		tick := time.NewTicker(f.Trickle)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return http.StatusOK
			case <-tick.C:
				if _, err := w.Write([]byte{'x'}); err != nil {
					return http.StatusOK
				}
				if flusher != nil {
					flusher.Flush()
				}
			}
		}
	}
	chunk := bytes.Repeat([]byte{'x'}, 64<<10)
	for sent := int64(0); sent < f.Size; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return http.StatusOK
		}
	}
	_, _ = io.WriteString(w, `"}`)
	return http.StatusOK
}
