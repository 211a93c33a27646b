package hss

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors that an *APIError matches with errors.Is, so that callers
// can choose a hint without parsing codes themselves.
var (
	// ErrNotFound: what was asked for (a task, a file) does not exist in
	// the project and enterprise project asked (HSS says so with 400
	// HSS.0011).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: the gateway rejected the credentials (401).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrClockSkew: the request's X-Sdk-Date was too far from the server's
	// clock (401 APIGW.0303).
	ErrClockSkew = errors.New("clock skew")
	// ErrForbidden: the credentials are valid but may not do this (403,
	// HSS.0010, HSS.0013).
	ErrForbidden = errors.New("forbidden")
	// ErrNoSuchAPI: the gateway does not serve this path (404 APIGW.0101),
	// usually a wrong endpoint.
	ErrNoSuchAPI = errors.New("no such API")
	// ErrThrottled: the request was throttled (429) on every attempt.
	ErrThrottled = errors.New("throttled")
	// ErrServer: the gateway or the service failed (5xx) on every attempt.
	ErrServer = errors.New("server error")
	// ErrInvalidParameter: HSS rejected a parameter (400 HSS.0001, HSS.0002).
	ErrInvalidParameter = errors.New("invalid parameter")
	// ErrAnswersPlainHTTP: an https:// endpoint answered the TLS handshake
	// in plain HTTP. It will every time: the request is not retried.
	ErrAnswersPlainHTTP = errors.New("the endpoint speaks plain HTTP, not HTTPS")
)

// plainHTTPAnswer is how net/http says that a server answered TLS with
// plain HTTP. It returns a bare error with these words (net/http's
// transport.go, since Go 1.7), dropping the tls.RecordHeaderError it saw,
// so the words are all there is to match.
const plainHTTPAnswer = "server gave HTTP response to HTTPS client"

// APIError is a non-2xx answer from the HSS endpoint or its gateway, with
// everything the service said about it.
type APIError struct {
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Code is the service's error_code, such as "HSS.0011" or "APIGW.0308".
	Code string
	// Message is error_msg, or for a body that is not JSON, its text.
	Message string
	// Description is error_description, when the service sent one.
	Description string
	// RequestID comes from the X-Request-Id header or the body's request_id.
	RequestID string
	// Attempts is how many requests were sent, retries included.
	Attempts int

	header   http.Header   // of the last answer, for Retry-After
	rejected *http.Request // the request it answered, for credential renewal
}

// Error reads like "HTTP 400 HSS.0011: task not exist (request id abc)".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if e.Description != "" && e.Description != e.Message {
		b.WriteString(" (")
		b.WriteString(e.Description)
		b.WriteString(")")
	}
	if e.RequestID != "" {
		b.WriteString("; request id ")
		b.WriteString(e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "; after %d attempts", e.Attempts)
	}
	return b.String()
}

// codeKinds are the error codes HSS and its gateway share across every
// API, by the kind of failure they are; statusKinds decide by the HTTP
// status alone.
var (
	codeKinds = map[string]error{
		"HSS.0011": ErrNotFound, "APIGW.0303": ErrClockSkew, "HSS.0010": ErrForbidden, "HSS.0013": ErrForbidden,
		"HSS.0001": ErrInvalidParameter, "HSS.0002": ErrInvalidParameter,
	}
	statusKinds = []struct {
		kind  error
		match func(status int) bool
	}{
		{ErrUnauthorized, func(s int) bool { return s == http.StatusUnauthorized }},
		{ErrForbidden, func(s int) bool { return s == http.StatusForbidden }},
		{ErrNoSuchAPI, func(s int) bool { return s == http.StatusNotFound }},
		{ErrThrottled, func(s int) bool { return s == http.StatusTooManyRequests }},
		{ErrServer, func(s int) bool { return s >= 500 }},
	}
)

// Is matches the sentinel errors above, by code or by status.
func (e *APIError) Is(target error) bool {
	if codeKinds[e.Code] == target {
		return true
	}
	for _, k := range statusKinds {
		if k.kind == target && k.match(e.StatusCode) {
			return true
		}
	}
	return false
}

// ResponseError is a 200 answer whose body is not the export task the API
// promises: not JSON, the wrong shape, or without task_status.
type ResponseError struct {
	// Reason says what is wrong with the body.
	Reason string
	// RequestID comes from the X-Request-Id header.
	RequestID string
	// Snippet is the start of the body, printable characters only.
	Snippet string

	cause error // what Reason says, for errors.As (a *BodyTooLargeError)
}

func (e *ResponseError) Unwrap() error { return e.cause }

func (e *ResponseError) Error() string {
	var b strings.Builder
	b.WriteString("unexpected response from HSS: ")
	b.WriteString(e.Reason)
	if e.RequestID != "" {
		b.WriteString("; request id ")
		b.WriteString(e.RequestID)
	}
	if e.Snippet != "" {
		b.WriteString("; body starts: ")
		b.WriteString(e.Snippet)
	}
	return b.String()
}

// TransportError is a request that never got a whole HTTP answer
// (connection refused or reset, a timeout, a TLS failure, a body cut
// short), after every attempt.
type TransportError struct {
	// Endpoint is the scheme and host the request went to.
	Endpoint string
	// Attempts is how many requests were tried.
	Attempts int
	// Stage is how far the last attempt got.
	Stage Stage
	// Err is the last attempt's error.
	Err error
}

// Stage is how far an attempt got before it failed.
type Stage int

// The stages of an attempt, in order.
const (
	// StageConnect: no connection (refused, unreachable, DNS, TLS
	// handshake); the endpoint could not be reached.
	StageConnect Stage = iota
	// StageAnswer: connected and sent, but no answer came.
	StageAnswer
	// StageBody: the answer started, but its body did not arrive whole.
	StageBody
)

func (e *TransportError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("request to %s failed after %d attempts: %v", e.Endpoint, e.Attempts, e.Err)
	}
	return fmt.Sprintf("request to %s failed: %v", e.Endpoint, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// ErrOutcomeUnknown matches an *OutcomeUnknownError.
var ErrOutcomeUnknown = errors.New("outcome unknown")

// OutcomeUnknownError is a call that is not safe to repeat (it starts an
// export) and that failed after it may have reached the service: a 5xx, a
// lost answer, a timeout. It was not sent again; whether it took effect
// is unknown.
type OutcomeUnknownError struct {
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	return "the request may have reached HSS, so it was not repeated, and whether it took effect is unknown: " + e.Err.Error()
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// errorBody is the union of the error shapes HSS and its gateway send.
type errorBody struct {
	ErrorCode        string `json:"error_code"`
	ErrorMsg         string `json:"error_msg"`
	ErrorDescription string `json:"error_description"`
	RequestID        string `json:"request_id"`
	// IAM (and some gateway answers) nest the error instead, IAM with a
	// numeric code.
	Error *struct {
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
	} `json:"error"`
}

// decodeAPIError builds an *APIError from a non-2xx answer. It never fails:
// a body that is not JSON (a gateway's HTML page) becomes the message.
// Every string passes through mask once decoded, before it is shortened.
func decodeAPIError(status int, header http.Header, body []byte, mask func(string) string) *APIError {
	printable := func(s string, limit int) string { return printable(mask(s), limit) }
	e := &APIError{StatusCode: status, RequestID: printable(header.Get("X-Request-Id"), 128)}
	var eb errorBody
	if len(body) > 0 && json.Unmarshal(body, &eb) == nil {
		e.Code = printable(eb.ErrorCode, 64)
		e.Message = printable(eb.ErrorMsg, 500)
		e.Description = printable(eb.ErrorDescription, 500)
		if eb.Error != nil {
			if e.Code == "" {
				var code string
				if json.Unmarshal(eb.Error.Code, &code) != nil {
					code = string(eb.Error.Code) // a number
				}
				if code != fmt.Sprint(status) {
					e.Code = printable(code, 64)
				}
			}
			if e.Message == "" {
				e.Message = printable(eb.Error.Message, 500)
			}
		}
		if e.RequestID == "" {
			e.RequestID = printable(eb.RequestID, 128)
		}
	} else {
		e.Message = mask(snippet(body, 200))
	}
	return e
}

// snippet returns up to limit bytes of body as one printable line: tags and
// control characters become spaces and runs of spaces collapse, so that an
// HTML error page still yields its words.
func snippet(body []byte, limit int) string {
	var b strings.Builder
	inTag, space := false, false
	for len(body) > 0 && b.Len() < limit {
		r, size := utf8.DecodeRune(body)
		body = body[size:]
		switch {
		case r == '<':
			inTag = true
			continue
		case r == '>' && inTag:
			inTag = false
			r = ' '
		case inTag:
			continue
		case r == utf8.RuneError && size <= 1, !unicode.IsPrint(r):
			r = ' '
		}
		if r == ' ' {
			if space || b.Len() == 0 {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	s := strings.TrimSpace(b.String())
	if len(body) > 0 && s != "" {
		s += "…"
	}
	return s
}

// printable makes a string from the service safe to show in a terminal:
// control characters and invalid UTF-8 become spaces, and it is cut at
// limit bytes. What the service says reaches the user, not what it could
// do to their terminal.
func printable(s string, limit int) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			clean = false
			break
		}
	}
	if clean && len(s) <= limit {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= limit {
			b.WriteString("…")
			break
		}
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ServerText is a one-line string from a server as it may be shown: terminal
// escape sequences (ESC [ … and ESC ] … BEL or ESC \) and every other control
// character (C0 with tab and newline, DEL, C1) removed, so that an answer
// cannot drive the terminal it is printed on or hide what follows it.
func ServerText(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b && i+1 < len(s) && s[i+1] == '[': // CSI: parameters, then one final byte
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = min(j+1, len(s))
			continue
		case r == 0x1b && i+1 < len(s) && s[i+1] == ']': // OSC: up to BEL or ESC \
			j := i + 2
			for j < len(s) && s[j] != 0x07 && (s[j] != 0x1b || j+1 >= len(s) || s[j+1] != '\\') {
				j++
			}
			if j < len(s) && s[j] == 0x1b {
				j++
			}
			i = min(j+1, len(s))
			continue
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
