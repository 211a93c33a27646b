package main

import (
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// simWith is a simulator started with these fault flags, serving one
// finished task and its file.
func simWith(t *testing.T, args ...string) (*httptest.Server, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	f := faultFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	cfg := hsssim.Config{ProjectID: "p", Tokens: []string{"tok"}}
	faults, err := f.apply(&cfg)
	if err != nil {
		return nil, err
	}
	sim := hsssim.New(cfg)
	faults(sim)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return srv, nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("X-Auth-Token", "tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Each fault flag plays its fault; a bad value is refused with a reason.
func TestFaultFlags(t *testing.T) {
	t.Run("a 5xx on one route, for as many requests as asked", func(t *testing.T) {
		srv, err := simWith(t, "-fail-status", "502", "-fail-count", "2", "-fail-route", "export-task")
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for range 3 {
			status, _ := get(t, srv.URL+"/v5/p/export-task/nope")
			got = append(got, status)
		}
		if got[0] != 502 || got[1] != 502 || got[2] != 400 {
			t.Errorf("statuses %v, want 502, 502, then the task's own 400 (not found)", got)
		}
	})
	t.Run("throttling with Retry-After", func(t *testing.T) {
		srv, err := simWith(t, "-throttle-rate", "1", "-throttle-retry-after", "3")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v5/p/export-task/t", nil)
		req.Header.Set("X-Auth-Token", "tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
			t.Errorf("status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	})
	for _, tc := range []struct{ args, want string }{
		{"-throttle-rate 2", "between 0 and 1"},
		{"-fail-status 200", "an error status"},
		{"-fail-route nowhere", "not export-task, download or one of"},
		{"-fail-exports vulns", `"vulns" is not one of`},
	} {
		t.Run("refused: "+tc.args, func(t *testing.T) {
			if _, err := simWith(t, strings.Fields(tc.args)...); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
