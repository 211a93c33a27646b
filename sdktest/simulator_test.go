package sdktest

import (
	"bytes"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// TestSDK_AgainstTheSimulator runs the SDK's own client against
// hss-simulator, as most callers of HSS do: it starts every kind of export
// (with every parameter, and with no body at all where the SDK allows
// that), reads the task at the kind's status endpoint, and downloads the
// file. Every call must succeed and fill the SDK's response structs, or the
// simulator's idea of the API is not the SDK's.
func TestSDK_AgainstTheSimulator(t *testing.T) {
	sim := hsssim.New(hsssim.Config{ProjectID: project, Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}},
		ExportRunningPolls: 1})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	sdk := sdkClient(t, srv.URL)
	for _, k := range kinds.All {
		for _, v := range []variant{variants[0], {name: "no body"}} {
			t.Run(k.Name+"/"+v.name, func(t *testing.T) {
				in := inputFor(k, v, sdkRequestHas(sdk, k.Operation, "region"))
				if v.name == "no body" {
					body, _ := in.sdk["body"].(map[string]any)
					if k.Headers == kinds.HeadersBareBody || len(body) > 0 {
						t.Skipf("kind %q always has a body", k.Name)
					}
					delete(in.sdk, "body")
				}
				resp, err := callSDK(sdk, k.Operation, in.sdk)
				if err != nil {
					t.Fatal(err)
				}
				id := stringField(t, resp, "TaskId")
				if k.RecordTotal {
					if f := reflect.ValueOf(resp).Elem().FieldByName("RecordTotalNum"); !f.IsValid() || f.IsNil() {
						t.Errorf("the SDK's %s answer has no record_total_num", k.Operation)
					}
				}
				read := map[kinds.StatusEndpoint]string{kinds.GenericStatus: "ListQueryExportTask", kinds.EventStatus: "ShowExportTask"}[k.Status]
				doc := map[string]any{"task_id": id, "enterprise_project_id": in.sdk["enterprise_project_id"]}
				status := ""
				for range 3 {
					resp, err := callSDK(sdk, read, doc)
					if err != nil {
						t.Fatal(err)
					}
					if status = stringField(t, resp, "TaskStatus"); status != "running" {
						break
					}
				}
				if status != "success" {
					t.Fatalf("task %s is %q after 3 reads", id, status)
				}
				last, _ := callSDK(sdk, read, doc)
				fileID := stringField(t, last, "FileId")
				stringField(t, last, "FileName")
				dl, err := callSDK(sdk, "ListDownloadExportedFile", map[string]any{"file_id": fileID,
					"enterprise_project_id": in.sdk["enterprise_project_id"]})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				consume := reflect.ValueOf(dl).MethodByName("Consume")
				out := consume.Call([]reflect.Value{reflect.ValueOf(&buf)})
				if e := out[1].Interface(); e != nil || !bytes.HasPrefix(buf.Bytes(), []byte("PK")) {
					t.Fatalf("the download gave %d bytes (%v), not a zip", buf.Len(), e)
				}
			})
		}
	}
}

// stringField is the non-empty *string field name of an SDK answer.
func stringField(t *testing.T, resp any, name string) string {
	t.Helper()
	f := reflect.ValueOf(resp).Elem().FieldByName(name)
	if !f.IsValid() || f.IsNil() || f.Elem().String() == "" {
		t.Fatalf("the SDK's answer %T has no %s", resp, name)
	}
	return f.Elem().String()
}

// The SDK's own client reads the simulator's configuration check report
// with every filter, and a task by id alone at ShowLatestExportTaskByType
// (export_task_type is optional in its model).
func TestSDK_ReportAndReadByTypeAgainstTheSimulator(t *testing.T) {
	sim := hsssim.New(hsssim.Config{ProjectID: project, Credentials: []hsssim.Credential{{AccessKey: ak, SecretKey: sk}},
		Tasks: []hsssim.Task{{ID: taskID, Kind: "operational_report", Name: "r", Status: "success", FileID: fileID, FileName: "r.zip"}},
		BaselineChecks: []hsssim.BaselineCheck{
			{HostID: "h-1", GroupID: "g-1", CheckName: "CentOS 7", Standard: "hw_standard", CheckRuleName: "r", Severity: "High", ScanResult: "failed", CreateTime: 7},
			{HostID: "h-2", CheckName: "CentOS 7", Standard: "hw_standard", CheckRuleName: "r", Severity: "Low", ScanResult: "pass"},
		}})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	sdk := sdkClient(t, srv.URL)
	resp, err := callSDK(sdk, "ExportSecurityCheckReport", map[string]any{"group_id": "g-1", "host_id": "h-1",
		"check_name": "CentOS 7", "standard": "hw_standard", "scan_result": "failed", "severity": "High"})
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(resp).Elem()
	if total := v.FieldByName("TotalNum").Elem().Int(); total != 1 || v.FieldByName("DataList").Elem().Len() != 1 {
		t.Errorf("the SDK read %v", resp)
	}
	resp, err = callSDK(sdk, "ShowLatestExportTaskByType", map[string]any{"task_id": taskID})
	if err != nil || stringField(t, resp, "FileId") != fileID {
		t.Errorf("a read by id alone: %v, %v", resp, err)
	}
}
