package hss_test

// What the client does when the network or the service misbehaves.

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

func TestGetExportTask_Retries(t *testing.T) {
	html503 := hsssim.Fault{Status: 503, Body: "<html><body><h1>503 Service Unavailable</h1></body></html>", ContentType: "text/html"}
	cases := []struct {
		name       string
		faults     []hsssim.Fault
		maxRetries int
		wantErr    error
		wantReqs   int
		wantWaits  []time.Duration // nil: not checked
		wantInErr  []string
	}{
		{name: "429 twice with Retry-After then success waits as told",
			faults:   []hsssim.Fault{{Status: 429, RetryAfter: "2"}, {Status: 429, RetryAfter: "1"}},
			wantReqs: 3, wantWaits: []time.Duration{2 * time.Second, time.Second}},
		{name: "a Retry-After over the cap waits the cap",
			faults:   []hsssim.Fault{{Status: 429, RetryAfter: "3600"}},
			wantReqs: 2, wantWaits: []time.Duration{hss.MaxRetryAfter}},
		{name: "503 bursts with HTML bodies back off exponentially then succeed",
			faults:   []hsssim.Fault{html503, {Status: 502}, {Status: 504, Body: " "}},
			wantReqs: 4, wantWaits: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}},
		{name: "429 on every attempt fails after max_retries with the gateway's words",
			faults: []hsssim.Fault{{Status: 429, Count: 10}}, wantErr: hss.ErrThrottled, wantReqs: 4,
			wantInErr: []string{"HTTP 429 APIGW.0308", "throttling threshold", "after 4 attempts", "request id sim-00000004"}},
		{name: "max_retries 0 makes exactly one attempt",
			faults: []hsssim.Fault{{Status: 503, Count: 10}}, maxRetries: -1, wantErr: hss.ErrServer, wantReqs: 1},
		{name: "a 5xx HTML page is reported by its text",
			faults: []hsssim.Fault{html503, html503, html503, html503}, wantErr: hss.ErrServer, wantReqs: 4,
			wantInErr: []string{"HTTP 503: 503 Service Unavailable"}},
		{name: "400 is never retried",
			faults: []hsssim.Fault{{Status: 400, Code: "HSS.0001", Message: "bad"}}, wantErr: hss.ErrInvalidParameter, wantReqs: 1},
		{name: "403 HSS.0013 is never retried",
			faults: []hsssim.Fault{{Status: 400, Code: "HSS.0013", Message: "insufficient permissions"}}, wantErr: hss.ErrForbidden, wantReqs: 1},
		{name: "401 clock skew is never retried",
			faults: []hsssim.Fault{{Status: 401, Code: "APIGW.0303", Message: "time skew"}}, wantErr: hss.ErrClockSkew, wantReqs: 1},
		{name: "a 200 without task_status is an error, not an empty task",
			faults: []hsssim.Fault{{Status: 200, Body: `{"task_id":"x","task_name":"n"}`}}, wantReqs: 1,
			wantInErr: []string{"no task_status", "request id sim-00000001"}},
		{name: "a 200 with HTML is an error",
			faults: []hsssim.Fault{{Status: 200, Body: "<html>login</html>", ContentType: "text/html"}}, wantReqs: 1,
			wantInErr: []string{"not a JSON object", "login"}},
		{name: "a 200 with truncated JSON is an error",
			faults: []hsssim.Fault{{Status: 200, Body: `{"task_status":"succ`}}, wantReqs: 1,
			wantInErr: []string{"not a valid export task"}},
		{name: "a 200 of the wrong shape is an error",
			faults: []hsssim.Fault{{Status: 200, Body: `{"task_status":7}`}}, wantReqs: 1,
			wantInErr: []string{"not a valid export task"}},
		{name: "a body over the cap is an error and not retried",
			faults: []hsssim.Fault{{Status: 200, Body: `{"task_status":"success","pad":"` + strings.Repeat("x", hss.MaxBodyBytes) + `"}`}}, wantReqs: 1,
			wantInErr: []string{"larger than"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim, srv := newSim(t, doneTask)
			sim.Inject(c.faults...)
			var waits []time.Duration
			client := newClient(t, srv.URL, hss.TokenAuth{Token: token}, func(cfg *hss.Config) {
				if c.maxRetries != 0 {
					cfg.MaxRetries = max(c.maxRetries, 0)
				}
			})
			hss.SetSleepForTest(client, func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil })
			hss.SetJitterForTest(client, func(d time.Duration) time.Duration { return d })

			task, err := client.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
			if n := sim.RequestCount(); n != c.wantReqs {
				t.Errorf("requests = %d, want %d", n, c.wantReqs)
			}
			if c.wantWaits != nil && !equalDurations(waits, c.wantWaits) {
				t.Errorf("waits = %v, want %v", waits, c.wantWaits)
			}
			if c.wantErr == nil && c.wantInErr == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if task.TaskStatus != "success" || task.Attempts != c.wantReqs {
					t.Errorf("task = %+v", task)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; task = %+v", task)
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Errorf("err = %v, want %v", err, c.wantErr)
			}
			for _, s := range c.wantInErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestGetExportTask_RetryAfterHTTPDate(t *testing.T) {
	sim, srv := newSim(t, doneTask)
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	sim.Inject(hsssim.Fault{Status: 429, RetryAfter: now.Add(7 * time.Second).Format(http.TimeFormat)})
	c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
	hss.SetNowForTest(c, func() time.Time { return now })
	var waits []time.Duration
	hss.SetSleepForTest(c, func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil })
	if _, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 1 || waits[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s]", waits)
	}
}

func TestGetExportTask_ConnectionFailures(t *testing.T) {
	t.Run("a refused connection is retried, then named in the error", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		c := newClient(t, "http://"+addr, hss.TokenAuth{Token: token})
		_, err = c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		var te *hss.TransportError
		if !errors.As(err, &te) || te.Attempts != 4 || te.Stage != hss.StageConnect || !strings.Contains(err.Error(), "http://"+addr) {
			t.Fatalf("err = %v, want a TransportError at StageConnect naming %s after 4 attempts", err, addr)
		}
	})

	t.Run("a server that accepts but never answers is told apart from one that cannot be reached", func(t *testing.T) {
		sim, srv := newSim(t, doneTask)
		sim.Inject(hsssim.Fault{Delay: time.Minute, Count: 2})
		c := newClient(t, srv.URL, hss.TokenAuth{Token: token}, func(cfg *hss.Config) {
			cfg.AttemptTimeout = 100 * time.Millisecond
			cfg.MaxRetries = 1
		})
		_, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		var te *hss.TransportError
		if !errors.As(err, &te) || te.Stage != hss.StageAnswer || !strings.Contains(err.Error(), "no answer within 100ms") {
			t.Fatalf("err = %v, want a TransportError at StageAnswer", err)
		}
	})

	t.Run("a connection reset mid-body is retried and then succeeds", func(t *testing.T) {
		sim, srv := newSim(t, doneTask)
		var mu sync.Mutex
		first := true
		flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			drop := first
			first = false
			mu.Unlock()
			if drop {
				w.Header().Set("Content-Length", "500")
				w.WriteHeader(200)
				_, _ = w.Write([]byte(`{"task_status":`))
				hj, _ := w.(http.Hijacker)
				conn, _, _ := hj.Hijack()
				_ = conn.Close()
				return
			}
			sim.ServeHTTP(w, r)
		}))
		defer flaky.Close()
		_ = srv
		task, err := newClient(t, flaky.URL, hss.TokenAuth{Token: token}).GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		if err != nil || task.Attempts != 2 {
			t.Fatalf("task = %+v, err = %v; want success on the second attempt", task, err)
		}
	})

	t.Run("an answer that never comes ends at the per-attempt timeout", func(t *testing.T) {
		sim, srv := newSim(t, doneTask)
		sim.Inject(hsssim.Fault{Status: 200, Delay: time.Minute})
		c := newClient(t, srv.URL, hss.TokenAuth{Token: token}, func(cfg *hss.Config) {
			// Far below the fault's minute, far above a loaded machine's
			// answer time: the second attempt must not time out too.
			cfg.AttemptTimeout = 3 * time.Second
		})
		start := time.Now()
		task, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		if err != nil || task.Attempts != 2 {
			t.Fatalf("task = %+v, err = %v; want success on the second attempt", task, err)
		}
		if d := time.Since(start); d > 50*time.Second {
			t.Errorf("took %v", d)
		}
	})
}

func TestGetExportTask_CancelDuringBackoff(t *testing.T) {
	sim, srv := newSim(t, doneTask)
	sim.Inject(hsssim.Fault{Status: 429, RetryAfter: "30"})
	c, err := hss.NewClient(hss.Config{Endpoint: srv.URL, ProjectID: project, Auth: hss.TokenAuth{Token: token}, MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: taskID})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 25*time.Second {
		t.Errorf("returned after %v, want well under the 30 s Retry-After", d)
	}
}

func TestGetExportTask_HostileBodies(t *testing.T) {
	t.Run("a body that trickles forever ends at the per-attempt timeout", func(t *testing.T) {
		sim, srv := newSim(t, doneTask)
		sim.Inject(hsssim.Fault{Trickle: 10 * time.Millisecond, Count: 100})
		c := newClient(t, srv.URL, hss.TokenAuth{Token: token}, func(cfg *hss.Config) {
			cfg.AttemptTimeout = 200 * time.Millisecond
			cfg.MaxRetries = 1
		})
		start := time.Now()
		_, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		var te *hss.TransportError
		if !errors.As(err, &te) || te.Attempts != 2 || te.Stage != hss.StageBody || !strings.Contains(err.Error(), "no complete answer within 200ms") {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %v", d)
		}
	})

	t.Run("the read's own deadline ends a trickle too", func(t *testing.T) {
		sim, srv := newSim(t, doneTask)
		sim.Inject(hsssim.Fault{Trickle: 10 * time.Millisecond, Count: 100})
		c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err := c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: taskID})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("a 100 MiB body is refused after the cap, in bounded memory", func(t *testing.T) {
		sim, srv := newSim(t, doneTask)
		sim.Inject(hsssim.Fault{Size: 100 << 20})
		c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		runtime.ReadMemStats(&after)
		var re *hss.ResponseError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), "larger than 1048576 bytes") {
			t.Fatalf("err = %v", err)
		}
		// The client reads at most the cap plus one byte; everything it
		// allocated, the test server's buffers included, stays far below
		// the body's size.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("allocated %d MiB reading a 100 MiB body", alloc>>20)
		}
		if n := sim.RequestCount(); n != 1 {
			t.Errorf("requests = %d, want 1: an oversized body is not retried", n)
		}
	})
}

// An https:// endpoint that answers in plain HTTP will every time: one
// attempt, and an error that says so.
func TestTransport_PlainHTTPBehindHTTPS(t *testing.T) {
	sim := hsssim.New(hsssim.Config{ProjectID: project, Tokens: []string{token}})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c := newClient(t, "https://"+strings.TrimPrefix(srv.URL, "http://"), hss.TokenAuth{Token: token})
	_, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: "t-1"})
	var te *hss.TransportError
	if !errors.Is(err, hss.ErrAnswersPlainHTTP) || !errors.As(err, &te) || te.Attempts != 1 || te.Stage != hss.StageConnect {
		t.Fatalf("err = %v (%+v), want one attempt ending in ErrAnswersPlainHTTP", err, te)
	}
}
