// Command harness is `make bench`: it builds the provider, a baseline
// provider (bench/baseline) and a measuring wrapper (bench/wrapper), serves
// the HSS simulator on loopback, runs terraform against ours and the
// baseline alternately, and writes bench/RESULTS.md.
//
// Every figure that decides a target is a ratio measured in the same run:
// absolute times on a shared 2-core machine are too noisy to mean much.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
	"github.com/hss-community/terraform-provider-hss/internal/workaround"
)

const (
	project = "bench-project"
	token   = "bench-token"
	ak, sk  = "BENCHAK", "bench-secret-key"
	maxN    = 1000
	// bigN is the case that shows whether memory grows with the reads.
	bigN = 10000
)

// root is the provider's repository; the harness runs from bench/, a
// module of its own, so that its dependencies stay out of the product's.
var root string

func main() {
	pairs := flag.Int("pairs", 9, "measured A/B pairs per case, after one warm-up pair")
	out := flag.String("out", "RESULTS.md", "where to write the results")
	flag.StringVar(&root, "root", "..", "the provider's repository, whose module is built and benchmarked")
	terraform := flag.String("terraform", "terraform", "terraform binary")
	profile := flag.String("cpuprofile", "", "write a CPU profile of our provider at N = 1,000 to this file")
	flag.Parse()
	if err := run(*pairs, *out, *terraform, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// bench holds what every run needs.
type bench struct {
	tmp, terraform, rc, rusage, url string
	requests                        *atomic.Int64
	sim                             *hsssim.Simulator
}

// sample is one terraform run: wall time, and the summed CPU and largest
// RSS of the provider processes it started.
type sample struct {
	wall, cpu time.Duration
	rssKiB    int64
	requests  int64
}

func run(pairs int, out, terraform, profile string) error {
	started := time.Now()
	tmp, err := os.MkdirTemp("", "hss-bench")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	if terraform, err = exec.LookPath(terraform); err != nil {
		return err
	}
	b := &bench{tmp: tmp, terraform: terraform, rusage: filepath.Join(tmp, "rusage"), requests: new(atomic.Int64)}

	fmt.Println("bench: building the provider, the baseline and the wrapper")
	// Ours with -tags profile, for its HSS_PROVIDER_CPUPROFILE hook; the
	// release build has none.
	for _, p := range []struct{ dir, pkg, name string }{
		{root, ".", "terraform-provider-hss"}, {".", "./baseline", "terraform-provider-hssbase"},
	} {
		dir := filepath.Join(tmp, p.name)
		if err := goBuild(p.dir, p.pkg, filepath.Join(dir, "real", p.name)); err != nil {
			return err
		}
		if err := goBuild(".", "./wrapper", filepath.Join(dir, p.name)); err != nil {
			return err
		}
	}
	b.rc = filepath.Join(tmp, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hss-community/hss\" = %q\n    \"hss-community/hssbase\" = %q\n  }\n  direct {}\n}\n",
		filepath.Join(tmp, "terraform-provider-hss"), filepath.Join(tmp, "terraform-provider-hssbase"))
	if err := os.WriteFile(b.rc, []byte(rc), 0o600); err != nil {
		return err
	}

	stop, err := b.serveSimulator()
	if err != nil {
		return err
	}
	defer stop()

	r := &report{pairs: pairs}
	fmt.Println("bench: providers schema")
	r.schema, err = b.compare(pairs, b.config("ours-schema", ours, 1), b.config("base-schema", base, 1), "providers", "schema", "-json")
	if err != nil {
		return err
	}
	for _, n := range []int{1, 100, maxN} {
		fmt.Printf("bench: plan, N = %d\n", n)
		c, err := b.compare(pairs, b.config(fmt.Sprintf("ours-%d", n), ours, n), b.config(fmt.Sprintf("base-%d", n), base, n), "plan", "-input=false", "-refresh=false")
		if err != nil {
			return err
		}
		r.plans = append(r.plans, planResult{n: n, cmp: c})
	}
	fmt.Println("bench: terraform's own floor (terraform_data)")
	for _, n := range []int{1, maxN} {
		var s []sample
		dir := b.config(fmt.Sprintf("floor-%d", n), floor, n)
		for i := 0; i <= pairs; i++ {
			x, err := b.terraformRun(dir, nil, "plan", "-input=false", "-refresh=false")
			if err != nil {
				return err
			}
			if i > 0 {
				s = append(s, x)
			}
		}
		r.floor = append(r.floor, floorResult{n: n, samples: s})
	}
	fmt.Printf("bench: plan, N = %d, ours only (peak RSS)\n", bigN)
	if r.big, err = b.terraformRun(b.config("ours-big", ours, bigN), nil, "plan", "-input=false", "-refresh=false"); err != nil {
		return err
	}
	fmt.Println("bench: every workaround off, against ours with them")
	off := []string{workaround.NoWorkaroundsVar + "=1"}
	if r.offSchema, err = b.compareSides(pairs, side{dir: b.config("on-schema", ours, 1)},
		side{dir: b.config("off-schema", ours, 1), env: off}, "providers", "schema", "-json"); err != nil {
		return err
	}
	if r.offPlan, err = b.compareSides(pairs, side{dir: b.config("on-plan", ours, maxN)},
		side{dir: b.config("off-plan", ours, maxN), env: off}, "plan", "-input=false", "-refresh=false"); err != nil {
		return err
	}
	if r.bigOff, err = b.terraformRun(b.config("off-big", ours, bigN), off, "plan", "-input=false", "-refresh=false"); err != nil {
		return err
	}
	for _, w := range workaround.All {
		fmt.Printf("bench: the %s workaround alone off\n", w)
		env := []string{workaround.NoWorkaroundsVar + "=" + string(w)}
		a := aloneResult{name: w}
		if a.schema, err = b.compareSides(pairs, side{dir: b.config("on-schema", ours, 1)},
			side{dir: b.config("off-schema-"+string(w), ours, 1), env: env}, "providers", "schema", "-json"); err != nil {
			return err
		}
		if a.plan, err = b.compareSides(pairs, side{dir: b.config("on-plan", ours, maxN)},
			side{dir: b.config("off-"+string(w), ours, maxN), env: env}, "plan", "-input=false", "-refresh=false"); err != nil {
			return err
		}
		r.alone = append(r.alone, a)
	}
	fmt.Println("bench: plan, N = 1000, over HTTPS with 30 ms per answer")
	if r.latency, err = b.latencyCase(pairs); err != nil {
		return err
	}
	fmt.Printf("bench: apply and plan of %d exports\n", exportsN)
	if r.exportsApply, r.exportsPlan, err = b.exports(pairs); err != nil {
		return err
	}
	fmt.Println("bench: export and download of a 200 MB file")
	if r.download, r.curl, err = b.download(pairs); err != nil {
		return err
	}
	fmt.Println("bench: requests per read with AK/SK")
	x, err := b.terraformRun(b.config("ours-aksk", oursAKSK, maxN), []string{"HW_ACCESS_KEY=" + ak, "HW_SECRET_KEY=" + sk},
		"plan", "-input=false", "-refresh=false")
	if err != nil {
		return err
	}
	r.akskRequests = x.requests
	if profile != "" {
		fmt.Println("bench: CPU profile of our provider at N = 1,000")
		abs, _ := filepath.Abs(profile)
		if _, err := b.terraformRun(b.config("ours-profile", ours, maxN), []string{"HSS_PROVIDER_CPUPROFILE=" + abs},
			"plan", "-input=false", "-refresh=false"); err != nil {
			return err
		}
		r.profile = profile
	}
	fmt.Println("bench: Go benchmarks")
	if r.gobench, err = goBench(); err != nil {
		return err
	}
	r.elapsed = time.Since(started)
	r.env = environment(terraform)
	md := r.markdown()
	fmt.Print(md)
	return os.WriteFile(out, []byte(md), 0o644)
}

// goBuild builds pkg of the module in dir as .goreleaser.yml builds a
// release (static, stripped), with the profile hooks.
func goBuild(dir, pkg, out string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-tags", "profile", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// serveSimulator serves bigN finished tasks on loopback, counting requests.
func (b *bench) serveSimulator() (func(), error) {
	cfg := hsssim.Config{ProjectID: project, Tokens: []string{token}, Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}}}
	for i := range bigN {
		cfg.Tasks = append(cfg.Tasks, hsssim.Task{ID: fmt.Sprintf("task-%04d", i), Name: "vul_vul_export_task",
			Status: "success", FileID: "b3e83d25-d92f-4963-a293-e056e81ec44d", FileName: "hss-vul-vul-en.zip"})
	}
	sim := hsssim.New(cfg)
	b.sim = sim
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.url = "http://" + ln.Addr().String()
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.requests.Add(1)
		sim.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }, nil
}

type kind int

const (
	ours kind = iota
	oursAKSK
	base
	floor
)

// config writes a configuration of n reads (or n terraform_data for the
// floor) into its own directory and returns it.
func (b *bench) config(name string, k kind, n int) string {
	dir := filepath.Join(b.tmp, "cases", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	text := fmt.Sprintf("resource \"terraform_data\" \"t\" {\n  count = %d\n  input = count.index\n}\n", n)
	if k != floor {
		// Ours and the baseline read the same tasks with the same
		// configuration; only the provider's name differs.
		name, auth := "hss", fmt.Sprintf("token      = %q", token)
		switch k {
		case oursAKSK:
			auth = "" // from HW_ACCESS_KEY and HW_SECRET_KEY
		case base:
			name = "hssbase"
		}
		text = fmt.Sprintf(`terraform {
  required_providers {
    %[1]s = { source = "hss-community/%[1]s" }
  }
}
provider %[1]q {
  endpoint   = %[2]q
  project_id = %[3]q
  %[4]s
}
data "%[1]s_export_task" "t" {
  count   = %[5]d
  task_id = format("task-%%04d", count.index)
}
`, name, b.url, project, auth, n)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o600); err != nil {
		panic(err)
	}
	return dir
}

// terraformRun runs terraform in dir and measures it.
func (b *bench) terraformRun(dir string, env []string, args ...string) (sample, error) {
	if err := os.RemoveAll(b.rusage); err != nil {
		return sample{}, err
	}
	if err := os.MkdirAll(b.rusage, 0o755); err != nil {
		return sample{}, err
	}
	cmd := exec.Command(b.terraform, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HW_") && !strings.HasPrefix(kv, "TF_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+b.rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"HSS_BENCH_RUSAGE_DIR="+b.rusage)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	before := b.requests.Load()
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), requests: b.requests.Load() - before}
	if err != nil {
		return s, fmt.Errorf("terraform %s in %s: %w\n%s", strings.Join(args, " "), dir, err, out.String())
	}
	files, err := os.ReadDir(b.rusage)
	if err != nil {
		return s, err
	}
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(b.rusage, f.Name()))
		if err != nil {
			return s, err
		}
		// What bench/wrapper writes.
		var u struct {
			UserNS    int64 `json:"user_ns"`
			SysNS     int64 `json:"sys_ns"`
			MaxRSSKiB int64 `json:"max_rss_kib"`
		}
		if err := json.Unmarshal(raw, &u); err != nil {
			return s, err
		}
		s.cpu += time.Duration(u.UserNS + u.SysNS)
		s.rssKiB = max(s.rssKiB, u.MaxRSSKiB)
	}
	return s, nil
}

// comparison is one case run as ours/baseline pairs.
type comparison struct {
	ours, base []sample
}

// compare runs a warm-up pair, then pairs measured pairs, alternating
// ours and the baseline so that drifts in machine load hit both alike.
func (b *bench) compare(pairs int, oursDir, baseDir string, args ...string) (comparison, error) {
	return b.compareSides(pairs, side{dir: oursDir}, side{dir: baseDir}, args...)
}

// side is one side of a comparison: a configuration, and what the run's
// environment adds.
type side struct {
	dir string
	env []string
}

// compareSides is compare for any two sides (ours with and without the
// workarounds, say).
func (b *bench) compareSides(pairs int, x, y side, args ...string) (comparison, error) {
	var c comparison
	for i := 0; i <= pairs; i++ {
		o, err := b.terraformRun(x.dir, x.env, args...)
		if err != nil {
			return c, err
		}
		bs, err := b.terraformRun(y.dir, y.env, args...)
		if err != nil {
			return c, err
		}
		if i > 0 {
			c.ours, c.base = append(c.ours, o), append(c.base, bs)
		}
	}
	return c, nil
}

func goBench() (string, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", "20000x", "-count", "5", "./internal/hss/")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go test -bench: %w\n%s", err, out.String())
	}
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "Benchmark") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "", errors.New("go test -bench printed no benchmark")
	}
	return strings.Join(lines, "\n"), nil
}

func environment(terraform string) string {
	// --dirty: a run on uncommitted changes says so, rather than naming
	// a commit that did not hold the code measured.
	commit, _ := exec.Command("git", "-C", root, "describe", "--always", "--dirty", "--abbrev=7").Output()
	tfv, _ := exec.Command(terraform, "version").Output()
	first, _, _ := strings.Cut(string(tfv), "\n")
	return fmt.Sprintf("%s, commit %s, %s, %s, nproc %d", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		strings.TrimSpace(string(commit)), runtime.Version(), strings.TrimSpace(first), runtime.NumCPU())
}

func median(xs []time.Duration) time.Duration {
	s := append([]time.Duration(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianFloat(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
