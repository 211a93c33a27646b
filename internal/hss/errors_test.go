package hss

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeAPIError(t *testing.T) {
	cases := []struct {
		name     string
		status   int
		header   string
		body     string
		want     APIError
		wantText string
		is       error
	}{
		{name: "an HSS error body gives code, message and description",
			status: 400, header: "req-1",
			body:     `{"error_code":"HSS.0011","error_msg":"task not exist","error_description":"the task does not exist"}`,
			want:     APIError{StatusCode: 400, Code: "HSS.0011", Message: "task not exist", Description: "the task does not exist", RequestID: "req-1"},
			wantText: "HTTP 400 HSS.0011: task not exist (the task does not exist); request id req-1", is: ErrNotFound},
		{name: "a gateway error body gives its request id when the header has none",
			status: 429, body: `{"error_code":"APIGW.0308","error_msg":"throttled","request_id":"body-id"}`,
			want:     APIError{StatusCode: 429, Code: "APIGW.0308", Message: "throttled", RequestID: "body-id"},
			wantText: "HTTP 429 APIGW.0308: throttled; request id body-id", is: ErrThrottled},
		{name: "a nested error object is understood",
			status: 403, body: `{"error":{"code":"APIGW.0302","message":"not authorized"}}`,
			want: APIError{StatusCode: 403, Code: "APIGW.0302", Message: "not authorized"}, is: ErrForbidden},
		{name: "an HTML page becomes its text",
			status: 502, body: "<html><head><title>502 Bad Gateway</title></head><body>\n<center>nginx</center></body></html>",
			want: APIError{StatusCode: 502, Message: "502 Bad Gateway nginx"}, wantText: "HTTP 502: 502 Bad Gateway nginx", is: ErrServer},
		{name: "an empty body falls back to the status text",
			status: 503, want: APIError{StatusCode: 503}, wantText: "HTTP 503: Service Unavailable", is: ErrServer},
		{name: "control characters and invalid UTF-8 never reach the message",
			status: 500, body: "bad\x00\x1b[31m\xffbody",
			want: APIError{StatusCode: 500, Message: "bad [31m body"}},
		{name: "clock skew is its own kind of unauthorized",
			status: 401, body: `{"error_code":"APIGW.0303","error_msg":"skew"}`,
			want: APIError{StatusCode: 401, Code: "APIGW.0303", Message: "skew"}, is: ErrClockSkew},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			if c.header != "" {
				h.Set("X-Request-Id", c.header)
			}
			got := decodeAPIError(c.status, h, []byte(c.body), func(s string) string { return s })
			got.header = nil
			if !reflect.DeepEqual(*got, c.want) {
				t.Errorf("got %+v\nwant %+v", *got, c.want)
			}
			if c.wantText != "" && got.Error() != c.wantText {
				t.Errorf("Error() = %q, want %q", got.Error(), c.wantText)
			}
			if c.is != nil && !errors.Is(got, c.is) {
				t.Errorf("errors.Is(%v, %v) = false", got, c.is)
			}
		})
	}
}

func TestAPIError_IsOnlyWhatItIs(t *testing.T) {
	e := &APIError{StatusCode: 400, Code: "HSS.0011"}
	for _, other := range []error{ErrUnauthorized, ErrForbidden, ErrThrottled, ErrServer, ErrNoSuchAPI, ErrClockSkew, ErrInvalidParameter} {
		if errors.Is(e, other) {
			t.Errorf("a not-found error matches %v", other)
		}
	}
}

func TestSnippet_TruncatesLongBodies(t *testing.T) {
	got := snippet([]byte(strings.Repeat("a", 500)), 10)
	if got != strings.Repeat("a", 10)+"…" {
		t.Errorf("snippet = %q", got)
	}
}
