package sdktest

import (
	"context"
	"io"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// TestParity_EveryKind starts every kind of export with this client and
// with the SDK's, from the same inputs, against one recording server, and
// compares what each sent: method, escaped path, query (decoded as RFC 3986
// does), the headers that carry meaning, and the body as JSON.
func TestParity_EveryKind(t *testing.T) {
	rec := newRecorder(t)
	sdk := sdkClient(t, rec.url)
	ours := ourClient(t, rec.url)
	for _, k := range kinds.All {
		for _, v := range variants {
			t.Run(k.Name+"/"+v.name, func(t *testing.T) {
				in := inputFor(k, v, sdkRequestHas(sdk, k.Operation, "region"))
				if _, err := callSDK(sdk, k.Operation, in.sdk); err != nil {
					t.Fatalf("kind %q has no SDK operation to compare with, or it refused the input: %v", k.Name, err)
				}
				want := rec.take(t)
				if _, err := ours.StartExport(context.Background(), in.ours); err != nil {
					t.Fatalf("our client: %v", err)
				}
				got := rec.take(t)
				if diffs := compare(want, got); len(diffs) > 0 {
					t.Errorf("kind %q (%s) is sent otherwise than the SDK sends it:\n%s", k.Name, k.Operation, strings.Join(diffs, "\n"))
				}
			})
		}
	}
}

// TestParity_ReadsAndDownload compares the task reads (at both status
// endpoints) and the download.
func TestParity_ReadsAndDownload(t *testing.T) {
	rec := newRecorder(t)
	sdk := sdkClient(t, rec.url)
	ours := ourClient(t, rec.url)
	ctx := context.Background()
	for _, k := range []string{"vulnerabilities", "events"} {
		kind, _ := kinds.Named(k)
		op := map[kinds.StatusEndpoint]string{kinds.GenericStatus: "ListQueryExportTask", kinds.EventStatus: "ShowExportTask"}[kind.Status]
		t.Run("a "+k+" task read", func(t *testing.T) {
			doc := map[string]any{"task_id": taskID, "enterprise_project_id": "ep 1/é"}
			q := hss.ExportTaskQuery{TaskID: taskID, EnterpriseProjectID: "ep 1/é", Kind: k}
			if sdkRequestHas(sdk, op, "region") {
				doc["region"], q.Region = region, region
			}
			if _, err := callSDK(sdk, op, doc); err != nil {
				t.Fatal(err)
			}
			want := rec.take(t)
			if _, err := ours.GetExportTask(ctx, q); err != nil {
				t.Fatal(err)
			}
			if diffs := compare(want, rec.take(t)); len(diffs) > 0 {
				t.Errorf("a %s task read is sent otherwise than the SDK's %s:\n%s", k, op, strings.Join(diffs, "\n"))
			}
		})
	}
	t.Run("a task read by its type (ShowLatestExportTaskByType)", func(t *testing.T) {
		if _, err := callSDK(sdk, "ShowLatestExportTaskByType", map[string]any{"task_id": taskID, "enterprise_project_id": "ep 1/é",
			"export_task_type": "operational-report"}); err != nil {
			t.Fatal(err)
		}
		want := rec.take(t)
		if _, err := ours.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: taskID, EnterpriseProjectID: "ep 1/é",
			Kind: "operational_report", At: hss.LatestByTypeEndpoint}); err != nil {
			t.Fatal(err)
		}
		if diffs := compare(want, rec.take(t)); len(diffs) > 0 {
			t.Errorf("a read by type is sent otherwise than the SDK's ShowLatestExportTaskByType:\n%s", strings.Join(diffs, "\n"))
		}
	})
	t.Run("the baseline check report (ExportSecurityCheckReport)", func(t *testing.T) {
		filters := map[string]any{"enterprise_project_id": "ep 1/é", "group_id": "g-1", "host_id": "h-1", "check_name": "CentOS 7",
			"standard": "hw_standard", "scan_result": "failed", "severity": "High"}
		resp, err := callSDK(sdk, "ExportSecurityCheckReport", filters)
		if err != nil {
			t.Fatal(err)
		}
		want := rec.take(t)
		report, err := ours.GetBaselineCheckReport(ctx, hss.BaselineCheckQuery{EnterpriseProjectID: "ep 1/é", GroupID: "g-1",
			HostID: "h-1", CheckName: "CentOS 7", Standard: "hw_standard", ScanResult: "failed", Severity: "High"})
		if err != nil {
			t.Fatal(err)
		}
		if diffs := compare(want, rec.take(t)); len(diffs) > 0 {
			t.Errorf("the report is asked for otherwise than the SDK's ExportSecurityCheckReport:\n%s", strings.Join(diffs, "\n"))
		}
		// Both read the same answer the same way.
		sdkTotal := reflect.ValueOf(resp).Elem().FieldByName("TotalNum").Elem().Int()
		if report.TotalNum != sdkTotal || len(report.Rows) != 1 || report.Rows[0].HostID != "h-1" || report.Rows[0].CreateTime != 1 {
			t.Errorf("ours read %+v; the SDK total_num %d", report, sdkTotal)
		}
	})
	t.Run("a download", func(t *testing.T) {
		if _, err := callSDK(sdk, "ListDownloadExportedFile", map[string]any{"file_id": fileID, "enterprise_project_id": "ep 1/é", "region": region}); err != nil {
			t.Fatal(err)
		}
		want := rec.take(t)
		if _, err := ours.Download(ctx, hss.DownloadQuery{FileID: fileID, EnterpriseProjectID: "ep 1/é", Region: region},
			func(r io.Reader) error { _, err := io.Copy(io.Discard, r); return err }); err != nil {
			t.Fatal(err)
		}
		if diffs := compare(want, rec.take(t)); len(diffs) > 0 {
			t.Errorf("a download is sent otherwise than the SDK's ListDownloadExportedFile:\n%s", strings.Join(diffs, "\n"))
		}
	})
}

// An empty value is sent as the bare key, as the SDK sends it
// ("…&vul_name", not "vul_name="), and signed so that the simulator's own
// verifier accepts it.
func TestParity_EmptyValueIsABareKey(t *testing.T) {
	rec := newRecorder(t)
	sdk := sdkClient(t, rec.url)
	ours := ourClient(t, rec.url)
	size := int64(10)
	if _, err := callSDK(sdk, "ExportVuls", map[string]any{"enterprise_project_id": "0", "vul_name": "", "export_size": size,
		"category": "vul", "body": map[string]any{"export_headers": [][]string{{"vul_id", "Id"}}}}); err != nil {
		t.Fatal(err)
	}
	want := rec.take(t)
	req := hss.ExportRequest{Kind: "vulnerabilities", EnterpriseProjectID: "0", ExportSize: &size,
		Headers: [][2]string{{"vul_id", "Id"}}, Filters: map[string]any{"category": "vul", "vul_name": ""}}
	if _, err := ours.StartExport(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if diffs := compare(want, rec.take(t)); len(diffs) > 0 || !strings.HasSuffix(want.RawQuery, "&vul_name") {
		t.Errorf("an empty value is sent otherwise than the SDK sends it (%q):\n%s", want.RawQuery, strings.Join(diffs, "\n"))
	}
	sim := httptest.NewServer(hsssim.New(hsssim.Config{ProjectID: project, Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}}}))
	t.Cleanup(sim.Close)
	if _, err := ourClient(t, sim.URL).StartExport(context.Background(), req); err != nil {
		t.Errorf("the simulator refused the bare key: %v", err)
	}
}
