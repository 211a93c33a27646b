package hss_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

const region = "cn-north-4"

// iamFixture is a simulator with IAM users, projects and an agency.
func iamFixture(t *testing.T, now func() time.Time, projects ...hsssim.Project) (*hsssim.Simulator, string) {
	t.Helper()
	if projects == nil {
		projects = []hsssim.Project{{ID: project, Name: region}, {ID: "p-other", Name: "cn-east-3"}}
	}
	sim := hsssim.New(hsssim.Config{
		ProjectID:   project,
		Tokens:      []string{token},
		Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}},
		Users:       []hsssim.User{{Name: "alice", ID: "u-alice", Password: "correct horse", DomainName: "acme", DomainID: "d-acme"}},
		Projects:    projects,
		Agencies:    []hsssim.Agency{{Name: "hss-reader", DomainName: "acme"}},
		Tasks:       []hsssim.Task{doneTask},
		Now:         now,
	})
	return sim, newServer(t, sim)
}

// countPath counts the requests the simulator saw for one path.
func countPath(sim *hsssim.Simulator, path string) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func readMany(t *testing.T, c *hss.Client, n int) []error {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			_, errs[i] = c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		}()
	}
	wg.Wait()
	return errs
}

func TestPasswordAuth(t *testing.T) {
	pw := func(p string) func(*hss.Config) {
		return func(c *hss.Config) {
			c.Auth = nil
			c.Password = &hss.PasswordCredentials{UserName: "alice", Password: p, DomainName: "acme"}
		}
	}

	t.Run("200 concurrent reads share one IAM token", func(t *testing.T) {
		sim, url := iamFixture(t, nil)
		c := newClient(t, url, nil, pw("correct horse"), func(c *hss.Config) { c.AuthURL = url + "/v3" })
		for _, err := range readMany(t, c, 200) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := countPath(sim, "/v3/auth/tokens"); n != 1 {
			t.Errorf("%d token requests, want 1", n)
		}
	})

	t.Run("an expired token is renewed once, mid-run", func(t *testing.T) {
		sim, url := iamFixture(t, nil)
		c := newClient(t, url, nil, pw("correct horse"), func(c *hss.Config) { c.AuthURL = url + "/v3" })
		readMany(t, c, 5)
		sim.ExpireIssued()
		for _, err := range readMany(t, c, 20) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := countPath(sim, "/v3/auth/tokens"); n != 2 {
			t.Errorf("%d token requests, want 2 (one renewal)", n)
		}
	})

	t.Run("a wrong password costs one IAM call however many reads", func(t *testing.T) {
		sim, url := iamFixture(t, nil)
		c := newClient(t, url, nil, pw("not-the-password"), func(c *hss.Config) { c.AuthURL = url + "/v3" })
		for _, err := range readMany(t, c, 50) {
			var ce *hss.CredentialError
			if !errors.As(err, &ce) || !errors.Is(err, hss.ErrUnauthorized) ||
				!strings.Contains(err.Error(), `getting an IAM token for user "alice": HTTP 401: The username or password is wrong.`) {
				t.Fatalf("err = %v", err)
			}
		}
		if n := countPath(sim, "/v3/auth/tokens"); n != 1 || sim.RequestCount() != 1 {
			t.Errorf("%d token requests and %d in all, want 1 and 1", n, sim.RequestCount())
		}
	})

	t.Run("a user id needs no domain", func(t *testing.T) {
		_, url := iamFixture(t, nil)
		c := newClient(t, url, nil, func(c *hss.Config) {
			c.Auth, c.AuthURL = nil, url+"/v3"
			c.Password = &hss.PasswordCredentials{UserID: "u-alice", Password: "correct horse"}
		})
		if errs := readMany(t, c, 1); errs[0] != nil {
			t.Fatal(errs[0])
		}
	})
}

func TestProjectLookup(t *testing.T) {
	noProject := func(url string) func(*hss.Config) {
		return func(c *hss.Config) { c.ProjectID, c.Region, c.AuthURL = "", region, url+"/v3" }
	}

	t.Run("the project is looked up once from the region, for token and AK/SK alike", func(t *testing.T) {
		for _, auth := range []hss.Authenticator{hss.TokenAuth{Token: token}, hss.AKSKAuth{AccessKey: ak, SecretKey: sk}} {
			sim, url := iamFixture(t, nil)
			c := newClient(t, url, auth, noProject(url))
			for _, err := range readMany(t, c, 30) {
				if err != nil {
					t.Fatal(err)
				}
			}
			if n := countPath(sim, "/v3/projects"); n != 1 {
				t.Errorf("%T: %d project lookups, want 1", auth, n)
			}
			if n := countPath(sim, "/v5/"+project+"/export-task/"+taskID); n != 30 {
				t.Errorf("%T: %d reads in the looked-up project, want 30", auth, n)
			}
		}
	})

	t.Run("no project of that name is a clear error, asked once", func(t *testing.T) {
		sim, url := iamFixture(t, nil, hsssim.Project{ID: "p-other", Name: "cn-east-3"})
		c := newClient(t, url, hss.TokenAuth{Token: token}, noProject(url))
		for _, err := range readMany(t, c, 5) {
			if err == nil || !strings.Contains(err.Error(), `lists no project named "cn-north-4"`) || !strings.Contains(err.Error(), "set project_id") {
				t.Fatalf("err = %v", err)
			}
		}
		if n := countPath(sim, "/v3/projects"); n != 1 {
			t.Errorf("%d lookups, want 1", n)
		}
	})

	t.Run("several projects of that name are a clear error naming them", func(t *testing.T) {
		_, url := iamFixture(t, nil, hsssim.Project{ID: "p-a", Name: region}, hsssim.Project{ID: "p-b", Name: region})
		c := newClient(t, url, hss.TokenAuth{Token: token}, noProject(url))
		_, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID})
		if err == nil || !strings.Contains(err.Error(), `2 projects named "cn-north-4" (p-a, p-b)`) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestAssumeRole(t *testing.T) {
	role := func(url string, r hss.AssumeRole) func(*hss.Config) {
		return func(c *hss.Config) { c.AuthURL = url + "/v3"; c.AssumeRole = &r }
	}

	t.Run("base keys are traded once for temporary keys that sign every read", func(t *testing.T) {
		sim, url := iamFixture(t, nil)
		c := newClient(t, url, hss.AKSKAuth{AccessKey: ak, SecretKey: sk}, role(url, hss.AssumeRole{AgencyName: "hss-reader", DomainName: "acme"}))
		for _, err := range readMany(t, c, 40) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := countPath(sim, "/v3.0/OS-CREDENTIAL/securitytokens"); n != 1 {
			t.Errorf("%d security token requests, want 1", n)
		}
		for _, r := range sim.Requests() {
			if strings.HasPrefix(r.Path, "/v5/") && (!strings.Contains(r.Header.Get("Authorization"), "Access=SIMTEMPAK") || r.Header.Get("X-Security-Token") == "") {
				t.Fatalf("a read was not signed with the temporary keys: %v", r.Header)
			}
		}
	})

	t.Run("a call signed with an access key pair names its account in X-Domain-Id, looked up once", func(t *testing.T) {
		for name, domain := range map[string]string{"looked up": "", "given": hsssim.DefaultDomainID} {
			t.Run(name, func(t *testing.T) {
				sim, url := iamFixture(t, nil)
				c := newClient(t, url, hss.AKSKAuth{AccessKey: ak, SecretKey: sk}, role(url, hss.AssumeRole{AgencyName: "hss-reader", DomainName: "acme"}),
					func(c *hss.Config) { c.DomainID = domain })
				for _, err := range readMany(t, c, 20) {
					if err != nil {
						t.Fatal(err)
					}
				}
				wantLookups := 1
				if domain != "" {
					wantLookups = 0
				}
				if n := countPath(sim, "/v3/auth/domains"); n != wantLookups {
					t.Errorf("%d account lookups, want %d", n, wantLookups)
				}
				for _, r := range sim.Requests() {
					if r.Path == "/v3.0/OS-CREDENTIAL/securitytokens" && (r.Header.Get("X-Domain-Id") != hsssim.DefaultDomainID ||
						!strings.Contains(r.Header.Get("Authorization"), "x-domain-id")) {
						t.Errorf("the security token request lacks a signed X-Domain-Id: %v", r.Header)
					}
					if (r.Path == "/v3/auth/domains" || strings.HasPrefix(r.Path, "/v5/")) && r.Header.Get("X-Domain-Id") != "" {
						t.Errorf("%s carries X-Domain-Id", r.Path)
					}
				}
			})
		}
	})

	t.Run("temporary keys are replaced before they expire, and after a 401", func(t *testing.T) {
		var mu sync.Mutex
		now := time.Now()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		sim, url := iamFixture(t, clock)
		c := newClient(t, url, hss.TokenAuth{Token: token}, role(url, hss.AssumeRole{AgencyName: "hss-reader", DomainName: "acme", Duration: 15 * time.Minute}))
		hss.SetNowForTest(c, clock)
		readMany(t, c, 3)
		mu.Lock()
		now = now.Add(11 * time.Minute) // within 5 minutes of expiry
		mu.Unlock()
		readMany(t, c, 3)
		sim.ExpireIssued()
		for _, err := range readMany(t, c, 3) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := countPath(sim, "/v3.0/OS-CREDENTIAL/securitytokens"); n != 3 {
			t.Errorf("%d security token requests, want 3 (first, before expiry, after a 401):\n%s", n, paths(sim))
		}
	})

	t.Run("an agency that cannot be assumed is refused once", func(t *testing.T) {
		sim, url := iamFixture(t, nil)
		c := newClient(t, url, hss.TokenAuth{Token: token}, role(url, hss.AssumeRole{AgencyName: "nope", DomainName: "acme"}))
		for _, err := range readMany(t, c, 10) {
			if err == nil || !strings.Contains(err.Error(), `assuming agency "nope": HTTP 403`) {
				t.Fatalf("err = %v", err)
			}
		}
		if n := countPath(sim, "/v3.0/OS-CREDENTIAL/securitytokens"); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
}

func TestIAM_SecretsAreNotLogged(t *testing.T) {
	sim, url := iamFixture(t, nil)
	log := &recordingLogger{}
	c := newClient(t, url, nil, func(c *hss.Config) {
		c.Auth, c.AuthURL, c.Logger = nil, url+"/v3", log
		c.Password = &hss.PasswordCredentials{UserName: "alice", Password: "correct horse", DomainName: "acme"}
		c.AssumeRole = &hss.AssumeRole{AgencyName: "hss-reader", DomainName: "acme"}
	})
	if errs := readMany(t, c, 3); errs[0] != nil {
		t.Fatal(errs[0])
	}
	all := strings.Join(log.lines, "\n")
	secrets := []string{"correct horse", "sim-iam-token-", "sim-temp-secret-", "sim-security-token-"}
	for _, r := range sim.Requests() {
		if a := r.Header.Get("Authorization"); a != "" {
			secrets = append(secrets, a[strings.LastIndex(a, "=")+1:])
		}
	}
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("the log contains %q", s)
		}
	}
	if !strings.Contains(all, "/v3/auth/tokens") {
		t.Errorf("the IAM calls were not logged at all:\n%s", all)
	}
}

func paths(sim *hsssim.Simulator) string {
	var out []string
	for _, r := range sim.Requests() {
		out = append(out, fmt.Sprintf("%s %d", r.Path, r.Status))
	}
	return strings.Join(out, "\n")
}
