package hsssim

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"
)

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
	// CutAfter makes a download's real body stop after that many bytes, the
	// connection closed; Pace sends it in small pieces that far apart.
	CutAfter int64
	Pace     time.Duration
	// Route limits the fault to one route, such as RouteExportTask; empty
	// matches every HSS route (not IAM's).
	Route string
	// TaskID limits the fault to requests about one task; empty matches
	// all.
	TaskID string
	// Hold, when set, holds the request until it is closed (or the client
	// gives up), and then lets it be answered as usual; Arrived, when set,
	// is closed once the request is held. A test uses the two to have a
	// request under way while something else happens, without a sleep.
	Hold    <-chan struct{}
	Arrived chan struct{}
}

// nextFault takes the next fault for a request to an HSS route about
// taskID.
func (s *Simulator) nextFault(route, taskID string) *Fault {
	return s.takeFault(func(f *Fault) bool {
		return (f.Route == "" || f.Route == route) && (f.TaskID == "" || f.TaskID == taskID)
	})
}

// nextRouteFault takes the next fault aimed at route itself.
func (s *Simulator) nextRouteFault(route string) *Fault {
	return s.takeFault(func(f *Fault) bool { return f.Route == route })
}

func (s *Simulator) takeFault(match func(*Fault) bool) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !match(f) {
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
	// Read the request first: only then does the server notice a client
	// that gives up (the request's context ends).
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
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
