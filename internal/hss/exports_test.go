package hss_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// minimalExport is the smallest request a kind accepts: its required
// parameters, with a value each parameter allows, and columns when it
// needs them.
func minimalExport(k kinds.Kind) hss.ExportRequest {
	r := hss.ExportRequest{Kind: k.Name, Filters: map[string]any{}}
	if k.HeadersRequired {
		r.Headers = [][2]string{{"host_name", "Server"}, {"host_ip", "IP"}}
	}
	for _, p := range k.Params {
		if !p.Required || p.Default != nil {
			continue
		}
		if p.Name == "export_size" {
			size := int64(100)
			r.ExportSize = &size
			continue
		}
		r.Filters[p.Name] = sampleValue(p)
	}
	return r
}

func sampleValue(p kinds.Param) any {
	switch p.Type {
	case kinds.Int:
		if p.Min != nil {
			return *p.Min
		}
		return int64(1)
	case kinds.Bool:
		return true
	case kinds.Object:
		obj := map[string]any{}
		for _, f := range p.Fields {
			if f.Required {
				obj[f.Name] = sampleValue(f)
			}
		}
		return obj
	}
	if len(p.Enum) > 0 {
		return p.Enum[0]
	}
	return "x"
}

// Every kind of the table starts an export against the simulator, which
// checks the request against the same facts with its own parsing; the
// task is polled at the kind's status endpoint, and its file is a zip.
func TestStartExport_EveryKind(t *testing.T) {
	for _, k := range kinds.All {
		t.Run(k.Name, func(t *testing.T) {
			sim, url := iamFixture(t, nil)
			c := newClient(t, url, hss.TokenAuth{Token: token}, func(c *hss.Config) { c.Region = region })
			started, err := c.StartExport(context.Background(), minimalExport(k))
			if err != nil {
				t.Fatal(err)
			}
			if (started.RecordTotalNum != nil) != k.RecordTotal {
				t.Errorf("record_total_num = %v, want one: %v", started.RecordTotalNum, k.RecordTotal)
			}
			task, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: started.TaskID, Kind: k.Name},
				hss.WaitPolicy{FirstInterval: time.Millisecond, MaxInterval: time.Millisecond})
			if err != nil || task.FileID == "" {
				t.Fatalf("task %+v, err %v", task, err)
			}
			statusPath := "/v5/" + project + "/export-task/" + started.TaskID
			if k.Status == kinds.EventStatus {
				statusPath = "/v5/" + project + "/event/export-task/" + started.TaskID
			}
			if countPath(sim, statusPath) == 0 {
				t.Errorf("the task was not polled at %s", statusPath)
			}
			var buf bytes.Buffer
			if _, err := c.Download(context.Background(), hss.DownloadQuery{FileID: task.FileID}, func(body io.Reader) error {
				buf.Reset()
				_, err := io.Copy(&buf, body)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
				t.Errorf("the file is not a zip: %v", err)
			}
		})
	}
}

// Each class of bad request is refused before anything is sent, naming
// the field and what would be right.
func TestValidateExport(t *testing.T) {
	vul, _ := kinds.Named("vulnerabilities")
	ok := func() hss.ExportRequest { return minimalExport(vul) }
	size := int64(0)
	cases := []struct {
		name   string
		mutate func(*hss.ExportRequest)
		region bool
		field  string
		want   string
	}{
		{"an unknown kind lists the kinds", func(r *hss.ExportRequest) { r.Kind = "vulns" }, false,
			"kind", "must be one of vulnerabilities, vulnerability_history"},
		{"an unknown filter lists the kind's filters", func(r *hss.ExportRequest) { r.Filters["severity"] = "High" }, false,
			"severity", `is not a filter of kind "vulnerabilities"; its filters are category, type, vul_id`},
		{"a value outside the enum", func(r *hss.ExportRequest) { r.Filters["category"] = "hosts" }, false,
			"category", `must be one of vul, host; got "hosts"`},
		{"a wrong type", func(r *hss.ExportRequest) { r.Filters["category"] = true }, false,
			"category", "must be a string, got true"},
		{"a fraction for a whole number", func(r *hss.ExportRequest) { r.Filters["limit"] = 1.5 }, false,
			"limit", "must be a whole number between 0 and 2147483647, got 1.5"},
		{"a number outside its range", func(r *hss.ExportRequest) { r.ExportSize = &size }, false,
			"export_size", "must be between 1 and 2147483647; got 0"},
		{"a missing required filter", func(r *hss.ExportRequest) { delete(r.Filters, "category") }, false,
			"category", `is required for kind "vulnerabilities"`},
		{"a missing export_size", func(r *hss.ExportRequest) { r.ExportSize = nil }, false,
			"export_size", `is required for kind "vulnerabilities" (set it in export_size)`},
		{"missing columns", func(r *hss.ExportRequest) { r.Headers = nil }, false,
			"headers", `is required for kind "vulnerabilities"`},
		{"a list where a string goes", func(r *hss.ExportRequest) { r.Filters["vul_id"] = []any{"a"} }, false,
			"vul_id", "must be a string, got a list"},
		{"a list element of the wrong type", func(r *hss.ExportRequest) { r.Filters["vul_id_list"] = []any{"a", int64(3)} }, false,
			"vul_id_list[1]", "must be a string, got 3"},
		{"columns for a kind that takes none", func(r *hss.ExportRequest) {
			*r = minimalExport(mustKind(t, "image_baseline"))
			r.Headers = [][2]string{{"a", "b"}}
		}, false, "headers", `must not be set: kind "image_baseline" takes no columns`},
		{"a kind that needs a region, without one", func(r *hss.ExportRequest) {
			*r = minimalExport(mustKind(t, "local_image_vulnerabilities"))
		}, false, "region", "is required for kind"},
		{"an unknown field of an object filter", func(r *hss.ExportRequest) {
			*r = minimalExport(mustKind(t, "containers"))
			r.Filters["create_time"] = map[string]any{"start": int64(1)}
		}, false, "create_time.start", "is not a field of create_time; its fields are start_time, end_time"},
		{"a missing field of a required object", func(r *hss.ExportRequest) {
			*r = minimalExport(mustKind(t, "operational_report"))
			r.Filters["operational_report_data"] = map[string]any{}
		}, false, "operational_report_data.report_id", "is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ok()
			c.mutate(&r)
			problems := hss.ValidateExport(r, c.region)
			for _, p := range problems {
				if p.Field == c.field && strings.Contains(p.Message, c.want) {
					return
				}
			}
			t.Errorf("problems %v, want %s %s", problems, c.field, c.want)
		})
	}
	t.Run("every minimal request is valid", func(t *testing.T) {
		for _, k := range kinds.All {
			if problems := hss.ValidateExport(minimalExport(k), true); len(problems) > 0 {
				t.Errorf("%s: %v", k.Name, problems)
			}
		}
	})
	t.Run("unknown values are not checked", func(t *testing.T) {
		r := ok()
		r.Filters["category"] = hss.Unknown
		if problems := hss.ValidateExport(r, false); len(problems) > 0 {
			t.Errorf("%v", problems)
		}
	})
}

func mustKind(t *testing.T, name string) kinds.Kind {
	t.Helper()
	k, ok := kinds.Named(name)
	if !ok {
		t.Fatalf("no kind %s", name)
	}
	return k
}

// A start is sent again only when it certainly did not reach HSS: a
// flaky network never starts two exports.
func TestStartExport_NeverTwice(t *testing.T) {
	route := hsssim.RouteExport("vulnerabilities")
	cases := []struct {
		name                   string
		fault                  hsssim.Fault
		wantPosts, wantExports int
		wantUnknown            bool
	}{
		{"a 502 is not repeated", hsssim.Fault{Status: 502, Route: route}, 1, 0, true},
		{"an answer that never comes is not repeated", hsssim.Fault{Delay: time.Hour, Route: route}, 1, 0, true},
		{"a 429 from the gateway is repeated", hsssim.Fault{Status: 429, Route: route, Count: 2}, 3, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim, url := iamFixture(t, nil)
			sim.Inject(c.fault)
			// Long enough for a loaded machine to answer the attempt that succeeds.
			cl := newClient(t, url, hss.TokenAuth{Token: token}, func(cfg *hss.Config) { cfg.AttemptTimeout = 2 * time.Second })
			_, err := cl.StartExport(context.Background(), minimalExport(mustKind(t, "vulnerabilities")))
			if errors.Is(err, hss.ErrOutcomeUnknown) != c.wantUnknown || (err == nil) == c.wantUnknown {
				t.Fatalf("err = %v", err)
			}
			if n := len(sim.Exports()); n != c.wantExports {
				t.Errorf("%d exports started, want %d", n, c.wantExports)
			}
			posts := 0
			for _, r := range sim.Requests() {
				if r.Method == "POST" {
					posts++
				}
			}
			if posts != c.wantPosts {
				t.Errorf("%d POSTs, want %d", posts, c.wantPosts)
			}
		})
	}
}
