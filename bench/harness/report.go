package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/workaround"
)

type planResult struct {
	n   int
	cmp comparison
}

// latencyResult is the HTTPS case: runs and TCP connections, ours and
// the baseline.
type latencyResult struct {
	ours, base           []sample
	oursConns, baseConns []int64
}

type aloneResult struct {
	name         workaround.Name
	schema, plan comparison
}

type floorResult struct {
	n       int
	samples []sample
}

type report struct {
	pairs        int
	schema       comparison
	plans        []planResult
	floor        []floorResult
	akskRequests int64
	download     []sample
	curl         []time.Duration // curl -o of the same file, each run
	big          sample
	// Ours with every workaround on (ours) and off (base).
	offSchema, offPlan comparison
	bigOff             sample
	// Ours with every workaround on (ours) and one off (base).
	alone        []aloneResult
	exportsApply []sample
	exportsPlan  []sample
	latency      latencyResult
	gobench      string
	profile      string
	env          string
	elapsed      time.Duration
}

// pairRatio is the median of ours/baseline over the pairs.
func pairRatio(c comparison, f func(sample) float64) float64 {
	r := make([]float64, len(c.ours))
	for i := range c.ours {
		r[i] = f(c.ours[i]) / f(c.base[i])
	}
	return medianFloat(r)
}

func spread(s []sample, f func(sample) time.Duration) string {
	lo, hi := f(s[0]), f(s[0])
	for _, x := range s {
		lo, hi = min(lo, f(x)), max(hi, f(x))
	}
	return fmt.Sprintf("%s (%s–%s)", ms(medianOf(s, f)), ms(lo), ms(hi))
}

func medianOf(s []sample, f func(sample) time.Duration) time.Duration {
	xs := make([]time.Duration, len(s))
	for i := range s {
		xs[i] = f(s[i])
	}
	return median(xs)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func check(ok bool) string {
	if ok {
		return "✅"
	}
	return "❌"
}

func (r *report) plan(n int) comparison {
	for _, p := range r.plans {
		if p.n == n {
			return p.cmp
		}
	}
	return comparison{}
}

func (r *report) markdown() string {
	var b strings.Builder
	wall := func(s sample) time.Duration { return s.wall }
	cpu := func(s sample) time.Duration { return s.cpu }
	wallF := func(s sample) float64 { return float64(s.wall) }

	fmt.Fprintf(&b, "# Benchmark results\n\nWritten by `make bench` (bench/harness). %s. %d measured ours/baseline pairs per case, run alternately after a warm-up pair; the harness took %s.\n\n",
		r.env, r.pairs, r.elapsed.Round(time.Second))
	b.WriteString("Ours is `terraform-provider-hss`; the baseline (`bench/baseline`) is the smallest framework provider doing one bare GET per read. Both run under `bench/wrapper`, which records each provider process's CPU time and peak RSS. Times are medians with the min–max; ratios are medians of the per-pair ratios.\n\n")

	b.WriteString("## terraform, ours against the baseline\n\n| case | ours | baseline | ours / baseline |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| `providers schema -json` | %s | %s | %.2f |\n", spread(r.schema.ours, wall), spread(r.schema.base, wall), pairRatio(r.schema, wallF))
	for _, p := range r.plans {
		fmt.Fprintf(&b, "| `plan`, N = %d | %s | %s | %.2f |\n", p.n, spread(p.cmp.ours, wall), spread(p.cmp.base, wall), pairRatio(p.cmp, wallF))
	}
	for _, f := range r.floor {
		fmt.Fprintf(&b, "| terraform's floor: `plan` of N = %d `terraform_data` | %s | | |\n", f.n, spread(f.samples, wall))
	}

	p1, pN := r.plan(1), r.plan(maxN)
	perRead := func(one, many []sample) time.Duration {
		return (medianOf(many, cpu) - medianOf(one, cpu)) / time.Duration(maxN-1)
	}
	oursCPU, baseCPU := perRead(p1.ours, pN.ours), perRead(p1.base, pN.base)
	oursRSS, baseRSS := maxRSS(pN.ours), maxRSS(pN.base)
	fmt.Fprintf(&b, "\n## Provider process, N = %d\n\n| figure | ours | baseline | ours / baseline |\n|---|---|---|---|\n", maxN)
	fmt.Fprintf(&b, "| CPU per read, (cpu(N=%d) − cpu(N=1)) / %d | %.3f ms | %.3f ms | %.2f |\n", maxN, maxN-1,
		float64(oursCPU)/1e6, float64(baseCPU)/1e6, float64(oursCPU)/float64(baseCPU))
	fmt.Fprintf(&b, "| provider CPU, whole plan | %s | %s | |\n", spread(pN.ours, cpu), spread(pN.base, cpu))
	fmt.Fprintf(&b, "| peak RSS | %.1f MB | %.1f MB | %.2f |\n", float64(oursRSS)/1024, float64(baseRSS)/1024, float64(oursRSS)/float64(baseRSS))
	tokenReqs := float64(pN.ours[0].requests) / maxN
	akskReqs := float64(r.akskRequests) / maxN
	fmt.Fprintf(&b, "| requests per read, token | %.2f | %.2f | |\n", tokenReqs, float64(pN.base[0].requests)/maxN)
	fmt.Fprintf(&b, "| requests per read, AK/SK | %.2f | | |\n", akskReqs)
	fmt.Fprintf(&b, "| requests for a plan of N = 1 (none at configure time) | %d | %d | |\n", p1.ours[0].requests, p1.base[0].requests)

	fmt.Fprintf(&b, "\n## Plan of N = %d reads, ours only\n\n| figure | ours |\n|---|---|\n| wall time | %s |\n| provider peak RSS | %.1f MB |\n",
		bigN, ms(r.big.wall), float64(r.big.rssKiB)/1024)

	// pairRatio is on / off here (ours = on); its inverse is the median
	// of off / on, exactly for an odd number of pairs (the default 5).
	onRSS, offRSS := maxRSS(r.offPlan.ours), maxRSS(r.offPlan.base)
	fmt.Fprintf(&b, "\n## Every workaround off (`HSS_NO_WORKAROUNDS=1`), against ours with them\n\n"+
		"What the workarounds buy, on record (ARCHITECTURE.md's rule): the context sweep holds memory flat. Alternating pairs; "+
		"the ratio is the median of off / on over the pairs.\n\n"+
		"| figure | on | off | off / on |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| `providers schema -json` | %s | %s | %.2f |\n", spread(r.offSchema.ours, wall), spread(r.offSchema.base, wall),
		1/pairRatio(r.offSchema, func(s sample) float64 { return float64(s.wall) }))
	fmt.Fprintf(&b, "| `plan`, N = %d | %s | %s | %.2f |\n", maxN, spread(r.offPlan.ours, wall), spread(r.offPlan.base, wall),
		1/pairRatio(r.offPlan, func(s sample) float64 { return float64(s.wall) }))
	fmt.Fprintf(&b, "| provider CPU, plan of N = %d | %s | %s | %.2f |\n", maxN, spread(r.offPlan.ours, cpu), spread(r.offPlan.base, cpu),
		1/pairRatio(r.offPlan, func(s sample) float64 { return float64(s.cpu) }))
	fmt.Fprintf(&b, "| peak RSS, N = %d | %.1f MB | %.1f MB | %.2f |\n", maxN, float64(onRSS)/1024, float64(offRSS)/1024,
		float64(offRSS)/float64(onRSS))
	fmt.Fprintf(&b, "| peak RSS, N = %d | %.1f MB | %.1f MB | %.2f |\n", bigN, float64(r.big.rssKiB)/1024, float64(r.bigOff.rssKiB)/1024,
		float64(r.bigOff.rssKiB)/float64(r.big.rssKiB))

	fmt.Fprintf(&b, "\n## Each workaround alone off (`HSS_NO_WORKAROUNDS=<name>`)\n\n"+
		"Ours with every workaround on against ours with one off, in alternating pairs; each ratio is the median of off / on "+
		"over the pairs. The plan is of N = %d reads.\n\n"+
		"| workaround off | what it buys | `providers schema` | plan, wall | plan, provider CPU | plan, peak RSS |\n|---|---|---|---|---|---|\n", maxN)
	cpuF := func(s sample) float64 { return float64(s.cpu) }
	for _, a := range r.alone {
		fmt.Fprintf(&b, "| `%s` | %s | %.2f | %.2f: %s → %s | %.2f: %s → %s | %.2f |\n", a.name, workaround.Buys[a.name],
			1/pairRatio(a.schema, wallF),
			1/pairRatio(a.plan, wallF), ms(medianOf(a.plan.ours, wall)), ms(medianOf(a.plan.base, wall)),
			1/pairRatio(a.plan, cpuF), ms(medianOf(a.plan.ours, cpu)), ms(medianOf(a.plan.base, cpu)),
			float64(maxRSS(a.plan.base))/float64(maxRSS(a.plan.ours)))
	}

	floorN := medianOf(r.floor[len(r.floor)-1].samples, wall)
	latFloor := time.Duration(maxN/10)*latency + floorN
	fmt.Fprintf(&b, "\n## Plan of N = %d reads over HTTPS, %s per answer\n\n", maxN, latency)
	fmt.Fprintf(&b, "Self-signed, trusted through `SSL_CERT_FILE`. The floor is N / 10 (Terraform's parallelism) × %s plus terraform's own plan of N `terraform_data` (%s).\n\n", latency, ms(floorN))
	fmt.Fprintf(&b, "| figure | ours | baseline |\n|---|---|---|\n| wall time | %s | %s |\n| floor | %s | %s |\n| TCP connections opened | %s | %s |\n",
		spread(r.latency.ours, wall), spread(r.latency.base, wall), ms(latFloor), ms(latFloor), connRange(r.latency.oursConns), connRange(r.latency.baseConns))

	fmt.Fprintf(&b, "\n## %d exports (`hss_export`, waiting for each), ours only\n\n| figure | ours |\n|---|---|\n", exportsN)
	fmt.Fprintf(&b, "| `apply` (start and wait for %d exports) | %s |\n| `plan` afterwards (refreshes %d tasks; no changes) | %s |\n",
		exportsN, spread(r.exportsApply, wall), exportsN, spread(r.exportsPlan, wall))
	fmt.Fprintf(&b, "| provider peak RSS, apply | %.1f MB |\n", float64(maxRSS(r.exportsApply))/1024)

	idleRSS := maxRSS(r.schema.ours)
	downRSS := maxRSS(r.download)
	downWall := medianOf(r.download, wall)
	fmt.Fprintf(&b, "\n## Export and download of a %d MB file (`apply` of `hss_export` and `hss_export_file`)\n\n", downloadSize>>20)
	fmt.Fprintf(&b, "| figure | ours |\n|---|---|\n| wall time of the apply | %s |\n", spread(r.download, wall))
	curlWall := medianDuration(r.curl)
	fmt.Fprintf(&b, "| throughput, file size / wall time of the apply (export, wait and download, terraform included) | %.0f MB/s |\n",
		float64(downloadSize>>20)/downWall.Seconds())
	fmt.Fprintf(&b, "| `curl -o` of the same URL, median | %s, %.0f MB/s |\n| apply / curl | %.2f |\n", ms(curlWall),
		float64(downloadSize>>20)/curlWall.Seconds(), downWall.Seconds()/curlWall.Seconds())
	fmt.Fprintf(&b, "| provider peak RSS during the download | %.1f MB |\n| provider peak RSS, idle (`providers schema`) | %.1f MB |\n",
		float64(downRSS)/1024, float64(idleRSS)/1024)

	planRatio := pairRatio(pN, wallF)
	schemaRatio := pairRatio(r.schema, wallF)
	b.WriteString("\n## Targets\n\n| target | measured | |\n|---|---|---|\n")
	// The targets of the plain-core round (issue 27: nothing kept for
	// speed alone), and issue 13's that still hold.
	fmt.Fprintf(&b, "| plan, N = %d: ours / baseline ≤ 1.1 | %.2f | %s |\n", maxN, planRatio, check(planRatio <= 1.1))
	fmt.Fprintf(&b, "| `providers schema`: ours / baseline ≤ 1.05 | %.2f | %s |\n", schemaRatio, check(schemaRatio <= 1.05))
	fmt.Fprintf(&b, "| provider CPU per read (no target: on record) | %.3f ms, %.2f × the baseline's %.3f ms | |\n",
		float64(oursCPU)/1e6, float64(oursCPU)/float64(baseCPU), float64(baseCPU)/1e6)
	fmt.Fprintf(&b, "| peak RSS, N = %d, ≤ 40 MB | %.1f MB | %s |\n", maxN, float64(oursRSS)/1024, check(oursRSS <= 40*1024))
	fmt.Fprintf(&b, "| requests per read = 1.00 (token, AK/SK); none at configure time | %.2f, %.2f; %d for N = 1 | %s |\n",
		tokenReqs, akskReqs, p1.ours[0].requests, check(tokenReqs == 1 && akskReqs == 1 && p1.ours[0].requests == 1))
	fmt.Fprintf(&b, "| download of %d MB: provider peak RSS within 10 MB of an idle provider | +%.1f MB | %s |\n",
		downloadSize>>20, float64(downRSS-idleRSS)/1024, check(downRSS-idleRSS <= 10*1024))
	fmt.Fprintf(&b, "| peak RSS, N = %d, ≤ 64 MB | %.1f MB | %s |\n", bigN, float64(r.big.rssKiB)/1024, check(r.big.rssKiB <= 64*1024))
	maxConns := int64(0)
	for _, c := range r.latency.oursConns {
		maxConns = max(maxConns, c)
	}
	fmt.Fprintf(&b, "| HTTPS: TCP connections within parallelism (≤ 10 per plan, plus IAM none) | %d | %s |\n", maxConns, check(maxConns <= 10))
	sign, signAllocs := signerFigures(r.gobench)
	fmt.Fprintf(&b, "| signer ≤ 3 µs and ≤ 15 allocations per signature (median of 5 runs) | %s, %s allocs | %s |\n", sign, signAllocs, check(signerOK(sign, signAllocs)))

	fmt.Fprintf(&b, "\n## Go benchmarks (`go test -bench . -benchmem -count 5 ./internal/hss/`)\n\n```\n%s\n```\n", r.gobench)
	if r.profile != "" {
		fmt.Fprintf(&b, "\nA CPU profile of our provider at N = %d was written to `%s` (`go tool pprof -top %s`).\n", maxN, r.profile, r.profile)
	}
	return b.String()
}

func connRange(c []int64) string {
	if len(c) == 0 {
		return ""
	}
	lo, hi := c[0], c[0]
	for _, x := range c {
		lo, hi = min(lo, x), max(hi, x)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

func maxRSS(s []sample) int64 {
	var m int64
	for _, x := range s {
		m = max(m, x.rssKiB)
	}
	return m
}

// signerFigures is the median ns/op of BenchmarkSigner_Sign over its runs
// (a single run on a shared machine swings by a third), and its allocs/op.
func signerFigures(gobench string) (string, string) {
	var ns []float64
	allocs := "?"
	for _, l := range strings.Split(gobench, "\n") {
		if !strings.HasPrefix(l, "BenchmarkSigner_Sign") {
			continue
		}
		f := strings.Fields(l)
		for i := 1; i < len(f); i++ {
			switch f[i] {
			case "ns/op":
				var v float64
				if _, err := fmt.Sscanf(f[i-1], "%g", &v); err == nil {
					ns = append(ns, v)
				}
			case "allocs/op":
				allocs = f[i-1]
			}
		}
	}
	if len(ns) == 0 {
		return "?", allocs
	}
	return fmt.Sprintf("%.0f ns", medianFloat(ns)), allocs
}

func signerOK(ns, allocs string) bool {
	var n float64
	var a int
	if _, err := fmt.Sscanf(ns, "%g ns", &n); err != nil {
		return false
	}
	if _, err := fmt.Sscanf(allocs, "%d", &a); err != nil {
		return false
	}
	return n <= 3000 && a <= 15
}

// medianDuration is the median of d (0 when empty).
func medianDuration(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
