package main

import (
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// faults are the simulator's fault flags: each plays one thing HSS or the
// network does, so that users can rehearse it in their own pipelines with
// the same faults the project's tests use.
type faults struct {
	throttleRate       float64
	throttleRetryAfter string
	failStatus         int
	failCount          int
	failRoute          string
	runningPolls       int
	failKinds          string
	fileSize           int64
	cutAfter           int64
	pace               time.Duration
	notZip             bool
	zipBomb            bool
	expireAfter        int
}

func faultFlags(fs *flag.FlagSet) *faults {
	f := &faults{}
	fs.Float64Var(&f.throttleRate, "throttle-rate", 0, "answer this share of requests (0 to 1) with 429 APIGW.0308, decided by each request and its attempt, never more than five times in a row")
	fs.StringVar(&f.throttleRetryAfter, "throttle-retry-after", "", "the Retry-After of those answers, in seconds")
	fs.IntVar(&f.failStatus, "fail-status", 0, "answer the first -fail-count requests with this status (a 5xx, say 502)")
	fs.IntVar(&f.failCount, "fail-count", 1, "how many requests -fail-status answers")
	fs.StringVar(&f.failRoute, "fail-route", "", `limit -fail-status to one route: "export-task", "download", or an export kind such as "vulnerabilities"`)
	fs.IntVar(&f.runningPolls, "export-running-polls", 0, "a started export answers \"running\" to this many status reads before it finishes (slow exports)")
	fs.StringVar(&f.failKinds, "fail-exports", "", "exports of these kinds (comma-separated) end in failure")
	fs.Int64Var(&f.fileSize, "file-size", 0, "about how large an exported file is, in bytes")
	fs.Int64Var(&f.cutAfter, "download-cut-after", 0, "the first download stops after this many bytes, the connection closed (a retry gets it whole)")
	fs.DurationVar(&f.pace, "download-pace", 0, "the first download comes in small pieces this far apart (a slow link)")
	fs.BoolVar(&f.notZip, "download-not-zip", false, "the first download is not a zip")
	fs.BoolVar(&f.zipBomb, "download-zip-bomb", false, "the first download is the overlapping-entry zip bomb (1.3 MB unpacking to 64 GiB)")
	fs.IntVar(&f.expireAfter, "expire-tokens-after", 0, "IAM tokens issued expire after this many requests (a renewal follows)")
	return f
}

// route is the simulator's route a -fail-route names.
func route(name string) (string, error) {
	switch name {
	case "":
		return "", nil
	case "export-task":
		return hsssim.RouteExportTask, nil
	case "download":
		return hsssim.RouteDownload, nil
	}
	if _, ok := kinds.Named(name); ok {
		return hsssim.RouteExport(name), nil
	}
	return "", fmt.Errorf("-fail-route %q: not export-task, download or one of %s", name, strings.Join(kinds.Names(), ", "))
}

// apply sets what cfg holds of the faults, and returns what must be set on
// the simulator once it exists.
func (f *faults) apply(cfg *hsssim.Config) (func(*hsssim.Simulator), error) {
	if f.throttleRate < 0 || f.throttleRate > 1 {
		return nil, fmt.Errorf("-throttle-rate %v: must be between 0 and 1", f.throttleRate)
	}
	if f.failStatus != 0 && (f.failStatus < 400 || f.failStatus > 599) {
		return nil, fmt.Errorf("-fail-status %d: must be an error status, 400 to 599", f.failStatus)
	}
	r, err := route(f.failRoute)
	if err != nil {
		return nil, err
	}
	var failKinds []string
	for _, k := range strings.Split(f.failKinds, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if _, ok := kinds.Named(k); !ok {
			return nil, fmt.Errorf("-fail-exports: %q is not one of %s", k, strings.Join(kinds.Names(), ", "))
		}
		failKinds = append(failKinds, k)
	}
	cfg.ThrottleRate, cfg.ThrottleRetryAfter = f.throttleRate, f.throttleRetryAfter
	if f.runningPolls > 0 {
		cfg.ExportRunningPolls = f.runningPolls
	}
	if f.fileSize > 0 {
		cfg.FileSize = f.fileSize
	}
	var inject []hsssim.Fault
	if f.failStatus != 0 {
		inject = append(inject, hsssim.Fault{Status: f.failStatus, Count: f.failCount, Route: r})
	}
	download := hsssim.Fault{Route: hsssim.RouteDownload}
	switch {
	case f.zipBomb:
		download.Body, download.ContentType = string(hsssim.ZipBomb(64, 1<<30)), "application/zip"
	case f.notZip:
		download.Status, download.Body, download.ContentType = http.StatusOK, "<html>not a zip</html>", "text/html"
	case f.cutAfter > 0 || f.pace > 0:
		download.CutAfter, download.Pace = f.cutAfter, f.pace
	default:
		download.Route = ""
	}
	if download.Route != "" {
		inject = append(inject, download)
	}
	return func(s *hsssim.Simulator) {
		s.Inject(inject...)
		if len(failKinds) > 0 {
			s.FailExports(failKinds...)
		}
		if f.expireAfter > 0 {
			s.ExpireIssuedAfter(f.expireAfter)
		}
	}, nil
}
