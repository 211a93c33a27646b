package kinds

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Every entry pinned to the facts of the API reference (the SDK's models,
// as the project's HSS-EXPORT-API notes collect them), written out again
// here rather than read from the table: the operation, the path, how the
// columns are sent, where the task is polled, and each required parameter
// with its place.
func TestKinds_PinnedToTheAPI(t *testing.T) {
	facts := []struct {
		kind, operation, path, columns, status string
		required                               []string // name@place
		region                                 bool
	}{
		{"vulnerabilities", "ExportVuls", "/vul/export", "export_headers required", "generic",
			[]string{"export_size@query", "category@query"}, false},
		{"vulnerability_history", "ExportHandledVulnerabilities", "/vulnerability/history/export-task", "export_headers required", "generic", nil, false},
		{"vulnerability_handle_history", "ExportVulHandleHistory", "/vulnerability/handle-history/export-task", "export_header_list required", "generic", nil, false},
		{"containers", "ExportContainerList", "/container/export-task", "export_headers required", "generic", nil, false},
		{"cluster_risks", "ExportRisks", "/container/cluster/risk/export-task", "export_headers required", "generic",
			[]string{"risk_type@query", "export_size@query"}, false},
		{"image_security_report", "ExportImageSecurityReportTask", "/image/security-report/export-tasks", "none", "generic",
			[]string{"export_size@body", "security_report_type@body"}, false},
		{"image_baseline", "BatchExportBaselineTask", "/image/baseline/export", "none", "generic", []string{"export_size@query"}, false},
		{"local_image_vulnerabilities", "BatchExportLocalVulTask", "/image/local-vulnerability/export", "none", "generic",
			[]string{"export_size@query"}, true},
		{"assets", "DownloadAssetFile", "/asset/export", "export_headers required", "generic",
			[]string{"asset_type@query", "category@query"}, false},
		{"events", "ExportEventRequest", "/event/export", "bare body required", "event",
			[]string{"category@query", "event_id@query"}, false},
		{"baseline", "ExportBaselineSecurityCheckReport", "/baseline/export", "export_headers required", "generic", nil, false},
		{"antivirus", "ExportAntiVirusResult", "/antivirus/result/export", "export_headers optional", "generic",
			[]string{"offset@query", "limit@query"}, false},
		{"web_tamper_hosts", "ExportWebTamperHost", "/webtamper/host/export", "export_headers required", "generic",
			[]string{"export_size@body"}, false},
		{"operational_report", "ExportTaskInfo", "/export-task", "none", "generic",
			[]string{"type@body", "operational_report_data@body"}, false},
	}
	if len(facts) != len(All) || len(All) != 14 {
		t.Fatalf("%d kinds in the table, %d in the facts; the API has 14", len(All), len(facts))
	}
	for i, f := range facts {
		k := All[i]
		t.Run(f.kind, func(t *testing.T) {
			columns := "none"
			switch k.Headers {
			case HeadersField:
				columns = k.HeadersField + map[bool]string{true: " required", false: " optional"}[k.HeadersRequired]
			case HeadersBareBody:
				columns = "bare body" + map[bool]string{true: " required", false: " optional"}[k.HeadersRequired]
			}
			status := map[StatusEndpoint]string{GenericStatus: "generic", EventStatus: "event"}[k.Status]
			var required []string
			for _, p := range k.Params {
				if p.Required {
					required = append(required, p.Name+"@"+p.In.String())
				}
			}
			got := []string{k.Name, k.Operation, k.Path, columns, status, strings.Join(required, ","), map[bool]string{true: "region", false: ""}[k.RegionRequired]}
			want := []string{f.kind, f.operation, f.path, f.columns, f.status, strings.Join(f.required, ","), map[bool]string{true: "region", false: ""}[f.region]}
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
	// A few ranges and enums the reference states.
	for _, c := range []struct{ kind, param, want string }{
		{"containers", "export_size", "1..100000"}, {"baseline", "export_size", "1..200000"},
		{"web_tamper_hosts", "export_size", "1..200000"}, {"antivirus", "limit", "10..200"},
		{"antivirus", "offset", "0..2000000"}, {"image_baseline", "export_size", "0..2147483647"},
	} {
		k, _ := Named(c.kind)
		p, _ := k.Param(c.param)
		if p.Min == nil || p.Max == nil || strconv.FormatInt(*p.Min, 10)+".."+strconv.FormatInt(*p.Max, 10) != c.want {
			t.Errorf("%s.%s range is not %s", c.kind, c.param, c.want)
		}
	}
	if k, _ := Named("vulnerabilities"); !slices.Equal(mustParam(t, k, "category").Enum, []string{"vul", "host"}) {
		t.Error("vulnerabilities.category is vul or host")
	}
	if k, _ := Named("assets"); len(mustParam(t, k, "asset_type").Enum) != 12 {
		t.Error("assets.asset_type has 12 values")
	}
}

func mustParam(t *testing.T, k Kind, name string) Param {
	t.Helper()
	p, ok := k.Param(name)
	if !ok {
		t.Fatalf("%s has no %s", k.Name, name)
	}
	return p
}
