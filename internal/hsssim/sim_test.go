package hsssim_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

func get(t *testing.T, h http.Handler, path string, mutate func(*http.Request)) (int, map[string]string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://hss.local"+path, nil)
	if mutate != nil {
		mutate(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var body map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body, rec.Header()
}

func withToken(r *http.Request) { r.Header.Set("X-Auth-Token", "tok") }

func newSim(now func() time.Time) *hsssim.Simulator {
	return hsssim.New(hsssim.Config{
		ProjectID:   "p1",
		Tokens:      []string{"tok"},
		Credentials: []hsssim.Credential{{AccessKey: "AK", SecretKey: "SK"}},
		Tasks: []hsssim.Task{
			{ID: "done", Name: "n", Status: "success", FileID: "f", FileName: "f.zip"},
			{ID: "slow", Name: "s", Status: "success", FileID: "f2", FileName: "f2.zip", RunningPolls: 2},
		},
		Now: now,
	})
}

func TestSimulator(t *testing.T) {
	const path = "/v5/p1/export-task/done"
	cases := []struct {
		name     string
		path     string
		mutate   func(*http.Request)
		faults   []hsssim.Fault
		status   int
		code     string
		hasReqID bool
	}{
		{name: "a token reads a task", path: path, mutate: withToken, status: 200},
		{name: "no credentials is APIGW.0301", path: path, status: 401, code: "APIGW.0301", hasReqID: true},
		{name: "a wrong token is APIGW.0301", path: path, mutate: func(r *http.Request) { r.Header.Set("X-Auth-Token", "x") }, status: 401, code: "APIGW.0301"},
		{name: "an unknown path is APIGW.0101", path: "/v5/p1/export-tasks/done", mutate: withToken, status: 404, code: "APIGW.0101", hasReqID: true},
		{name: "an unknown task is 400 HSS.0011", path: "/v5/p1/export-task/nope", mutate: withToken, status: 400, code: "HSS.0011"},
		{name: "another project is HSS.0010", path: "/v5/p2/export-task/done", mutate: withToken, status: 400, code: "HSS.0010"},
		{name: "a scripted 429 carries the gateway's code and Retry-After", path: path, mutate: withToken,
			faults: []hsssim.Fault{{Status: 429, RetryAfter: "1"}}, status: 429, code: "APIGW.0308", hasReqID: true},
		{name: "a fault for another task does not fire", path: path, mutate: withToken,
			faults: []hsssim.Fault{{Status: 500, TaskID: "slow"}}, status: 200},
		{name: "a fault aimed at the route fires", path: path, mutate: withToken,
			faults: []hsssim.Fault{{Status: 502, Route: hsssim.RouteExportTask}}, status: 502, code: "APIGW.0202"},
		{name: "a fault aimed at another route does not fire", path: path, mutate: withToken,
			faults: []hsssim.Fault{{Status: 503, Route: hsssim.RouteIAMProjects}}, status: 200},
		{name: "a fault aimed at an IAM route fires there", path: "/v3/projects?name=cn-north-4", mutate: withToken,
			faults: []hsssim.Fault{{Status: 502, Route: hsssim.RouteIAMProjects}}, status: 502, code: "APIGW.0202"},
		{name: "a fault aimed at no route leaves IAM alone", path: "/v3/projects?name=cn-north-4", mutate: withToken,
			faults: []hsssim.Fault{{Status: 503}}, status: 200},
		{name: "a signature from the right key pair is accepted", path: path, status: 200, mutate: func(r *http.Request) {
			_ = hss.AKSKAuth{AccessKey: "AK", SecretKey: "SK"}.Authenticate(r, "", time.Now())
		}},
		{name: "a signature with the wrong secret is APIGW.0301", path: path, status: 401, code: "APIGW.0301", mutate: func(r *http.Request) {
			_ = hss.AKSKAuth{AccessKey: "AK", SecretKey: "nope"}.Authenticate(r, "", time.Now())
		}},
		{name: "a request signed 20 minutes ago is APIGW.0303", path: path, status: 401, code: "APIGW.0303", mutate: func(r *http.Request) {
			_ = hss.AKSKAuth{AccessKey: "AK", SecretKey: "SK"}.Authenticate(r, "", time.Now().Add(-20*time.Minute))
		}},
		{name: "a signed request altered afterwards is APIGW.0301", path: path, status: 401, code: "APIGW.0301", mutate: func(r *http.Request) {
			_ = hss.AKSKAuth{AccessKey: "AK", SecretKey: "SK"}.Authenticate(r, "", time.Now())
			r.URL.RawQuery = "enterprise_project_id=all_granted_eps"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim := newSim(nil)
			sim.Inject(c.faults...)
			status, body, header := get(t, sim, c.path, c.mutate)
			if status != c.status || body["error_code"] != c.code {
				t.Fatalf("got %d %v, want %d %s", status, body, c.status, c.code)
			}
			if header.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if c.hasReqID && body["request_id"] == "" {
				t.Errorf("gateway error without request_id: %v", body)
			}
			if len(c.faults) > 0 && c.faults[0].RetryAfter != "" && header.Get("Retry-After") != c.faults[0].RetryAfter {
				t.Errorf("Retry-After = %q", header.Get("Retry-After"))
			}
			if n := len(sim.Requests()); n != 1 || sim.Requests()[0].Status != status {
				t.Errorf("recorded %+v", sim.Requests())
			}
		})
	}
}

func TestSimulator_TaskFinishesAfterPolls(t *testing.T) {
	sim := newSim(nil)
	var seen []string
	for range 4 {
		_, body, _ := get(t, sim, "/v5/p1/export-task/slow", withToken)
		seen = append(seen, body["task_status"]+":"+body["file_id"])
	}
	want := []string{"running:", "running:", "success:f2", "success:f2"}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("polls = %v, want %v", seen, want)
		}
	}
}

func TestSimulator_TaskFinishesAfterSeconds(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sim := newSim(func() time.Time { return now })
	sim.AddTask(hsssim.Task{ID: "timed", Status: "failure", RunningSeconds: 10})
	if _, body, _ := get(t, sim, "/v5/p1/export-task/timed", withToken); body["task_status"] != "running" {
		t.Fatalf("at 0 s: %v", body)
	}
	now = now.Add(11 * time.Second)
	if _, body, _ := get(t, sim, "/v5/p1/export-task/timed", withToken); body["task_status"] != "failure" {
		t.Fatalf("at 11 s: %v", body)
	}
}

func TestSimulator_FaultsPlayInOrderAndRunOut(t *testing.T) {
	sim := newSim(nil)
	sim.Inject(hsssim.Fault{Status: 503, Count: 2}, hsssim.Fault{Status: 429})
	var got []int
	for range 4 {
		status, _, _ := get(t, sim, "/v5/p1/export-task/done", withToken)
		got = append(got, status)
	}
	if want := []int{503, 503, 429, 200}; len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}
