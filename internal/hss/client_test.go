package hss_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const (
	project = "p-0123456789"
	token   = "token-abc"
	ak      = "AKEXAMPLE"
	sk      = "sk-example-secret"
	stoken  = "security-token-xyz"
	taskID  = "94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2"
)

var doneTask = hsssim.Task{
	ID: taskID, Name: "vul_export_task", Status: "success",
	FileID: "b3e83d25-d92f-4963-a293-e056e81ec44d", FileName: "hss-vul.zip",
}

func newSim(t *testing.T, tasks ...hsssim.Task) (*hsssim.Simulator, *httptest.Server) {
	t.Helper()
	sim := hsssim.New(hsssim.Config{
		ProjectID:   project,
		Tokens:      []string{token},
		Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}, {AccessKey: "TEMPAK", SecretKey: sk, SecurityToken: stoken}},
		Tasks:       tasks,
	})
	return sim, newTestServer(t, sim)
}

func newTestServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	return newTestServer(t, h).URL
}

// recordingLogger keeps every field the client logs, to look for secrets.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) add(msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	b.WriteString(msg)
	for k, v := range fields {
		b.WriteString(" " + k + "=")
		fmt.Fprint(&b, v)
	}
	l.lines = append(l.lines, b.String())
}

func (l *recordingLogger) Info(_ context.Context, msg string, f map[string]any) {
	l.add("INFO "+msg, f)
}
func (l *recordingLogger) Debug(_ context.Context, msg string, f map[string]any) { l.add(msg, f) }
func (l *recordingLogger) Trace(_ context.Context, msg string, f map[string]any) { l.add(msg, f) }

func newClient(t *testing.T, endpoint string, auth hss.Authenticator, mutate ...func(*hss.Config)) *hss.Client {
	t.Helper()
	cfg := hss.Config{Endpoint: endpoint, ProjectID: project, Auth: auth, MaxRetries: 3, UserAgent: "test-agent"}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := hss.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hss.SetSleepForTest(c, func(context.Context, time.Duration) error { return nil })
	return c
}

func TestGetExportTask_Auth(t *testing.T) {
	cases := []struct {
		name    string
		auth    hss.Authenticator
		wantErr error
	}{
		{"a token reads the task", hss.TokenAuth{Token: token}, nil},
		{"an access key pair signs and reads the task", hss.AKSKAuth{AccessKey: ak, SecretKey: sk}, nil},
		{"temporary keys with their security token read the task", hss.AKSKAuth{AccessKey: "TEMPAK", SecretKey: sk, SecurityToken: stoken}, nil},
		{"temporary keys without their security token are refused", hss.AKSKAuth{AccessKey: "TEMPAK", SecretKey: sk}, hss.ErrUnauthorized},
		{"a wrong secret key is refused", hss.AKSKAuth{AccessKey: ak, SecretKey: "wrong"}, hss.ErrUnauthorized},
		{"a wrong token is refused", hss.TokenAuth{Token: "nope"}, hss.ErrUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim, srv := newSim(t, doneTask)
			task, err := newClient(t, srv.URL, c.auth).GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				if n := sim.RequestCount(); n != 1 {
					t.Errorf("requests = %d, want 1 (a refused credential is never retried)", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := hss.ExportTask{TaskID: taskID, TaskName: "vul_export_task", TaskStatus: "success",
				FileID: doneTask.FileID, FileName: doneTask.FileName, RequestID: "sim-00000001", Attempts: 1, At: hss.GenericEndpoint}
			if *task != want {
				t.Errorf("task = %+v\nwant %+v", *task, want)
			}
		})
	}
}

func TestGetExportTask_Request(t *testing.T) {
	sim, srv := newSim(t, hsssim.Task{ID: "a%b", Name: "n", Status: "running", EnterpriseProjectID: "ep-1"})
	c := newClient(t, srv.URL+"/", hss.TokenAuth{Token: token})
	task, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: "a%b", EnterpriseProjectID: "ep-1", Region: "cn-north-9"})
	if err != nil {
		t.Fatal(err)
	}
	if task.FileID != "" || task.FileName != "" || task.TaskStatus != "running" {
		t.Errorf("a running task without file fields read as %+v", task)
	}
	r := sim.Requests()[0]
	checks := map[string][2]string{
		"path":         {r.Path, "/v5/" + project + "/export-task/a%25b"},
		"query":        {r.RawQuery, "enterprise_project_id=ep-1"},
		"region":       {r.Header.Get("Region"), "cn-north-9"},
		"user agent":   {r.Header.Get("User-Agent"), "test-agent"},
		"project id":   {r.Header.Get("X-Project-Id"), project},
		"token header": {r.Header.Get("X-Auth-Token"), token},
	}
	for what, gw := range checks {
		if gw[0] != gw[1] {
			t.Errorf("%s = %q, want %q", what, gw[0], gw[1])
		}
	}
}

func TestGetExportTask_NotFound(t *testing.T) {
	_, srv := newSim(t, hsssim.Task{ID: taskID, Name: "n", Status: "success", EnterpriseProjectID: "ep-2"})
	c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
	cases := []struct {
		name, ep string
		found    bool
	}{
		{"a task of another enterprise project is not found in the default one", "", false},
		{"it is found with its enterprise project", "ep-2", true},
		{"it is found with all_granted_eps", "all_granted_eps", true},
		{"it is not found with a third enterprise project", "ep-3", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID, EnterpriseProjectID: tc.ep})
			if tc.found && err != nil {
				t.Fatal(err)
			}
			if !tc.found {
				var apiErr *hss.APIError
				if !errors.As(err, &apiErr) || !errors.Is(err, hss.ErrNotFound) || apiErr.StatusCode != 400 || apiErr.Code != "HSS.0011" {
					t.Fatalf("err = %v, want 400 HSS.0011", err)
				}
			}
		})
	}
}

func TestClient_DoesNotLogSecrets(t *testing.T) {
	sim, srv := newSim(t, doneTask)
	sim.Inject(hsssim.Fault{Status: 503})
	log := &recordingLogger{}
	for _, auth := range []hss.Authenticator{
		hss.TokenAuth{Token: token},
		hss.AKSKAuth{AccessKey: "TEMPAK", SecretKey: sk, SecurityToken: stoken},
	} {
		c := newClient(t, srv.URL, auth, func(cfg *hss.Config) { cfg.Logger = log })
		if _, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}); err != nil {
			t.Fatal(err)
		}
	}
	var signatures []string
	for _, r := range sim.Requests() {
		if a := r.Header.Get("Authorization"); a != "" {
			signatures = append(signatures, a[strings.Index(a, "Signature=")+len("Signature="):])
		}
	}
	if len(signatures) == 0 || len(log.lines) < 6 {
		t.Fatalf("expected signed requests and log lines, got %d and %d", len(signatures), len(log.lines))
	}
	all := strings.Join(log.lines, "\n")
	if !strings.Contains(all, "X-Auth-Token: ***") || !strings.Contains(all, "Signature=***") {
		t.Errorf("log does not show masked credentials:\n%s", all)
	}
	for _, secret := range append([]string{token, sk, stoken, "TEMPAK"}, signatures...) {
		if strings.Contains(all, secret) {
			t.Errorf("log contains the secret %q:\n%s", secret, all)
		}
	}
}

// One read against a loopback server: what the client costs per request,
// the server's share included.
func BenchmarkClient_GetExportTask(b *testing.B) {
	for _, auth := range []struct {
		name string
		auth hss.Authenticator
	}{{"token", hss.TokenAuth{Token: token}}, {"aksk", hss.AKSKAuth{AccessKey: ak, SecretKey: sk}}} {
		b.Run(auth.name, func(b *testing.B) {
			sim := hsssim.New(hsssim.Config{ProjectID: project, Tokens: []string{token},
				Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}}, Tasks: []hsssim.Task{doneTask}})
			srv := httptest.NewServer(sim)
			defer srv.Close()
			c, err := hss.NewClient(hss.Config{Endpoint: srv.URL, ProjectID: project, Auth: auth.auth})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
