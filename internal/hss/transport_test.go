package hss

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testTransport sends to a handler of the test's, counting requests.
func testTransport(t *testing.T, handler http.HandlerFunc, attemptTimeout time.Duration) (*transport, *url.URL, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	tr := newTransport(Config{MaxRetries: 3, AttemptTimeout: attemptTimeout}, &redactor{})
	tr.retry.sleep = func(context.Context, time.Duration) error { return nil }
	u, _ := url.Parse(srv.URL + "/v5/p/vul/export")
	return tr, u, &n
}

// A call that is not idempotent (a POST that starts an export) is sent
// again only when it certainly did not reach the service; otherwise its
// failure says that its outcome is unknown.
func TestTransport_NonIdempotentCalls(t *testing.T) {
	post := func(u *url.URL) call {
		return call{method: http.MethodPost, url: u, body: []byte(`{}`), auth: TokenAuth{Token: "t"}}
	}
	cases := []struct {
		name         string
		handler      http.HandlerFunc
		wantRequests int64
		wantUnknown  bool
		wantOK       bool
	}{
		{"a 503 is not repeated, and its outcome is unknown",
			func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, 1, true, false},
		{"an answer that never comes is not repeated, and its outcome is unknown",
			func(_ http.ResponseWriter, r *http.Request) {
				// The server notices a closed connection only once the body
				// is read.
				_, _ = io.Copy(io.Discard, r.Body)
				<-r.Context().Done()
			}, 1, true, false},
		{"a 200 whose body is cut is not repeated, and its outcome is unknown",
			func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "100")
				_, _ = io.WriteString(w, `{"task_id":`)
			}, 1, true, false},
		{"a 400 is final, and the service said no",
			func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadRequest) }, 1, false, false},
		{"a 429 from the gateway is retried: nothing was started",
			func() http.HandlerFunc {
				var calls atomic.Int64
				return func(w http.ResponseWriter, _ *http.Request) {
					if calls.Add(1) <= 2 {
						w.WriteHeader(http.StatusTooManyRequests)
						return
					}
					_, _ = io.WriteString(w, `{"task_id":"t1"}`)
				}
			}(), 3, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Long enough for a loaded machine to answer the attempt that
			// succeeds; the answer that never comes waits it out.
			tr, u, n := testTransport(t, c.handler, 2*time.Second)
			_, err := tr.do(context.Background(), post(u))
			if c.wantOK != (err == nil) || errors.Is(err, ErrOutcomeUnknown) != c.wantUnknown {
				t.Fatalf("err = %v", err)
			}
			if got := n.Load(); got != c.wantRequests {
				t.Errorf("%d requests, want %d", got, c.wantRequests)
			}
		})
	}
	t.Run("a refused connection is retried: nothing was sent", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse("http://" + ln.Addr().String() + "/v5/p/vul/export")
		_ = ln.Close()
		tr := newTransport(Config{MaxRetries: 3}, &redactor{})
		tr.retry.sleep = func(context.Context, time.Duration) error { return nil }
		_, err = tr.do(context.Background(), post(u))
		var te *TransportError
		if !errors.As(err, &te) || te.Attempts != 4 || errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("err = %v, want 4 attempts and a known outcome", err)
		}
	})
	t.Run("the same failures of an idempotent call are retried", func(t *testing.T) {
		tr, u, n := testTransport(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, time.Second)
		cl := post(u)
		cl.idempotent = true
		if _, err := tr.do(context.Background(), cl); err == nil || errors.Is(err, ErrOutcomeUnknown) || n.Load() != 4 {
			t.Fatalf("err = %v after %d requests, want a plain error after 4", err, n.Load())
		}
	})
}

// A streamed answer may take longer than an attempt's timeout, as long as
// it keeps coming; one that stops, or is cut, is fetched again from its
// start.
func TestTransport_Stream(t *testing.T) {
	get := func(u *url.URL) call { return call{method: http.MethodGet, url: u, auth: TokenAuth{Token: "t"}} }
	readAll := func(tr *transport, u *url.URL) (string, int, error) {
		var got string
		calls := 0
		err := tr.stream(context.Background(), get(u), func(body io.Reader, _ http.Header) error {
			calls++
			b, err := io.ReadAll(body)
			got = string(b)
			return err
		})
		return got, calls, err
	}
	t.Run("a slow body longer than the attempt timeout arrives whole", func(t *testing.T) {
		tr, u, _ := testTransport(t, func(w http.ResponseWriter, _ *http.Request) {
			// 1.5 s in all, more than the 1 s timeout; each silence a
			// seventh of it, a margin a loaded machine keeps.
			for i := 0; i < 10; i++ {
				_, _ = io.WriteString(w, "chunk")
				http.NewResponseController(w).Flush() //nolint:errcheck // a test server
				time.Sleep(150 * time.Millisecond)
			}
		}, time.Second)
		got, calls, err := readAll(tr, u)
		if err != nil || got != strings.Repeat("chunk", 10) || calls != 1 {
			t.Fatalf("got %q in %d calls, err %v", got, calls, err)
		}
	})
	t.Run("a body that stops is fetched again from its start", func(t *testing.T) {
		var n atomic.Int64
		tr, u, _ := testTransport(t, func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "part")
			http.NewResponseController(w).Flush() //nolint:errcheck // a test server
			if n.Add(1) == 1 {
				<-r.Context().Done() // stalls past the timeout
				return
			}
			_, _ = io.WriteString(w, "-rest")
		}, time.Second)
		got, calls, err := readAll(tr, u)
		if err != nil || got != "part-rest" || calls != 2 {
			t.Fatalf("got %q in %d calls, err %v", got, calls, err)
		}
	})
	t.Run("a body that always stops fails and says so", func(t *testing.T) {
		tr, u, n := testTransport(t, func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "part")
			http.NewResponseController(w).Flush() //nolint:errcheck // a test server
			<-r.Context().Done()
		}, 50*time.Millisecond)
		_, _, err := readAll(tr, u)
		var te *TransportError
		if !errors.As(err, &te) || te.Stage != StageBody || !strings.Contains(err.Error(), "the answer stopped for 50ms") || n.Load() != 4 {
			t.Fatalf("err = %v after %d requests", err, n.Load())
		}
	})
}
