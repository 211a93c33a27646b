package main

import (
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// The cases that need a simulator of their own: HTTPS with latency, and
// the download of a large file.

// latency is what each answer of the HTTPS case waits, as a real
// service's round trip would.
const latency = 30 * time.Millisecond

// latencyCase plans N = maxN reads, ours and the baseline alternately,
// against a simulator over HTTPS (self-signed, trusted through
// SSL_CERT_FILE) that answers after latency, counting the TCP connections
// each run opens.
func (b *bench) latencyCase(pairs int) (latencyResult, error) {
	var res latencyResult
	sim := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency)
		b.sim.ServeHTTP(w, r)
	})
	srv := httptest.NewUnstartedServer(sim)
	var conns atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	caFile := filepath.Join(b.tmp, "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		return res, err
	}
	saved := b.url
	b.url = srv.URL
	defer func() { b.url = saved }()
	oursDir, baseDir := b.config("ours-tls", ours, maxN), b.config("base-tls", base, maxN)
	env := []string{"SSL_CERT_FILE=" + caFile}
	for i := 0; i <= pairs; i++ {
		for _, c := range []struct {
			dir   string
			into  *[]sample
			conns *[]int64
		}{{oursDir, &res.ours, &res.oursConns}, {baseDir, &res.base, &res.baseConns}} {
			before := conns.Load()
			x, err := b.terraformRun(c.dir, env, "plan", "-input=false", "-refresh=false")
			if err != nil {
				return res, err
			}
			if i > 0 {
				*c.into = append(*c.into, x)
				*c.conns = append(*c.conns, conns.Load()-before)
			}
		}
	}
	return res, nil
}

// downloadSize is the file of the download case.
const downloadSize = 200 << 20

// download applies an export and the download of a downloadSize file,
// from a simulator of its own, in a fresh directory each run: wall time
// and the provider's peak RSS (the file must never be held in memory).
func (b *bench) download(runs int) ([]sample, []time.Duration, error) {
	addr, stop, err := serveOwn(hsssim.Config{ProjectID: project, Tokens: []string{token}, FileSize: downloadSize})
	if err != nil {
		return nil, nil, err
	}
	defer stop()
	var out []sample
	var curls []time.Duration
	for i := 0; i <= runs; i++ {
		dir, err := b.ownCase(fmt.Sprintf("download-%d", i), addr, `resource "hss_export" "v" {
  kind        = "vulnerabilities"
  export_size = 1000
  headers     = [["vul_id", "Vulnerability ID"], ["vul_name", "Name"]]
  filters     = { category = "vul" }
}
resource "hss_export_file" "v" {
  file_id  = hss_export.v.file_id
  path     = "${path.module}/v.zip"
}
`)
		if err != nil {
			return nil, nil, err
		}
		x, err := b.terraformRun(dir, nil, "apply", "-auto-approve", "-input=false")
		if err != nil {
			return nil, nil, err
		}
		if info, err := os.Stat(filepath.Join(dir, "v.zip")); err != nil || info.Size() < downloadSize {
			return nil, nil, fmt.Errorf("the download case wrote no %d-byte file: %v", downloadSize, err)
		}
		_ = os.Remove(filepath.Join(dir, "v.zip"))
		// The same URL with curl -o, for what the simulator and loopback
		// allow: the file of this run's export.
		c, err := curlDownload(fmt.Sprintf("http://%s/v5/%s/download/sim-file-%06d", addr, project, i+1), filepath.Join(dir, "curl.zip"))
		if err != nil {
			return nil, nil, err
		}
		if i > 0 {
			out, curls = append(out, x), append(curls, c)
		}
	}
	return out, curls, nil
}

// curlDownload times curl -o of url with the bench's token.
func curlDownload(url, dest string) (time.Duration, error) {
	start := time.Now()
	out, err := exec.Command("curl", "-sSf", "-o", dest, "-H", "X-Auth-Token: "+token, url).CombinedOutput()
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("curl %s: %v\n%s", url, err, out)
	}
	info, err := os.Stat(dest)
	if err != nil || info.Size() < downloadSize {
		return 0, fmt.Errorf("curl wrote no %d-byte file: %v", downloadSize, err)
	}
	return took, os.Remove(dest)
}

// exportsN is the number of exports in the exports case.
const exportsN = 50

// exports applies exportsN exports in a fresh directory, then plans again
// (which refreshes each one): wall time of each, our provider only.
func (b *bench) exports(runs int) (apply, plan []sample, err error) {
	addr, stop, err := serveOwn(hsssim.Config{ProjectID: project, Tokens: []string{token}})
	if err != nil {
		return nil, nil, err
	}
	defer stop()
	for i := 0; i <= runs; i++ {
		dir, err := b.ownCase(fmt.Sprintf("exports-%d", i), addr, fmt.Sprintf(`resource "hss_export" "v" {
  count       = %d
  kind        = "vulnerabilities"
  export_size = 1000
  headers     = [["vul_id", "Vulnerability ID"]]
  filters     = { category = "vul", offset = count.index }
}
`, exportsN))
		if err != nil {
			return nil, nil, err
		}
		a, err := b.terraformRun(dir, nil, "apply", "-auto-approve", "-input=false")
		if err != nil {
			return nil, nil, err
		}
		p, err := b.terraformRun(dir, nil, "plan", "-input=false", "-detailed-exitcode")
		if err != nil {
			return nil, nil, fmt.Errorf("a plan after the apply should show no changes: %w", err)
		}
		if i > 0 {
			apply, plan = append(apply, a), append(plan, p)
		}
	}
	return apply, plan, nil
}

// serveOwn serves a simulator of a case's own on loopback.
func serveOwn(cfg hsssim.Config) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: hsssim.New(cfg)}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// ownCase writes, in a fresh directory, a configuration of resources
// against the simulator at addr.
func (b *bench) ownCase(name, addr, resources string) (string, error) {
	dir := filepath.Join(b.tmp, "cases", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	text := fmt.Sprintf(`terraform {
  required_providers {
    hss = { source = "hss-community/hss" }
  }
}
provider "hss" {
  endpoint   = "http://%s"
  project_id = %q
  token      = %q
}
`, addr, project, token) + resources
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o600)
}
