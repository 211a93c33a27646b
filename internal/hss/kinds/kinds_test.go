package kinds

import (
	"slices"
	"testing"
)

// What the SDK's models cannot tell, pinned here one fact at a time, each
// with its source, by writing it out again rather than reading it from the
// table: where each kind's task is polled, which answers carry
// record_total_num, and the export_task_type that ShowLatestExportTaskByType
// knows a kind's tasks by. Where no source says, the fact is the table's
// default, and says so. Everything else (operations, paths, places, types,
// required parameters, the region header, and record_total_num both ways)
// is held against the SDK itself by the parity tests in sdktest/.
func TestKinds_PinnedToTheAPI(t *testing.T) {
	const noSource = "no source: a default, covered by the fallback to the other status endpoints (hss.GetExportTask)"
	type fact struct {
		kind, what string
		got, want  any
		source     string
	}
	var facts []fact
	status := map[string]struct {
		at     StatusEndpoint
		source string
	}{
		"vulnerabilities":       {GenericStatus, "HSS API reference, ListQueryExportTask (its example is a vulnerability export); the established provider's huaweicloud_hss_vulnerability_information_export polls it"},
		"vulnerability_history": {GenericStatus, "the established provider's huaweicloud_hss_vulnerability_history_export_task polls ListQueryExportTask"},
		"containers":            {GenericStatus, "the established provider's huaweicloud_hss_container_export_task polls ListQueryExportTask"},
		"events":                {EventStatus, "HSS API reference, ShowExportTask (its example is an event export)"},
	}
	recordTotal := map[string]string{
		"image_baseline":              "SDK model BatchExportBaselineTaskResponse (record_total_num); API reference BatchExportBaselineTask",
		"local_image_vulnerabilities": "SDK model BatchExportLocalVulTaskResponse (record_total_num); API reference BatchExportLocalVulTask",
		"events":                      "SDK model ExportEventRequestResponse (record_total_num, int32); API reference ExportEventRequest",
	}
	taskType := map[string]string{
		"operational_report": "operational-report", // the type ExportTaskInfo's body names (API reference ExportTaskInfo: type, only operational-report)
	}
	for _, k := range All {
		st, ok := status[k.Name]
		if !ok {
			st.at, st.source = GenericStatus, noSource
		}
		facts = append(facts, fact{k.Name, "status endpoint", k.Status, st.at, st.source},
			fact{k.Name, "status endpoint's source", k.StatusSource != "", ok, st.source})
		src, rt := recordTotal[k.Name]
		if !rt {
			src = "SDK model of " + k.Operation + "'s response (no record_total_num)"
		}
		facts = append(facts, fact{k.Name, "record_total_num", k.RecordTotal, rt, src})
		tt := taskType[k.Name]
		src = "API reference ExportTaskInfo (type operational-report)"
		if tt == "" {
			src = "no source names an export_task_type for it"
		}
		facts = append(facts, fact{k.Name, "export_task_type", k.TaskType, tt, src})
	}
	if len(All) != 14 {
		t.Fatalf("%d kinds in the table; the API has 14", len(All))
	}
	for _, f := range facts {
		if f.got != f.want {
			t.Errorf("%s: %s is %v in the table, want %v (source: %s)", f.kind, f.what, f.got, f.want, f.source)
		}
	}
}

// Every name in the table is unique where it must be, and every kind's
// deprecated parameters are not also among its parameters.
func TestKinds_Consistent(t *testing.T) {
	var names []string
	for _, k := range All {
		if slices.Contains(names, k.Name) {
			t.Errorf("kind %q twice", k.Name)
		}
		names = append(names, k.Name)
		for _, d := range k.Deprecated {
			if _, ok := k.Param(d.Name); ok {
				t.Errorf("%s: %s is both a parameter and deprecated", k.Name, d.Name)
			}
			if _, ok := k.Param(d.Instead); !ok {
				t.Errorf("%s: %s points to %s, which is not a parameter", k.Name, d.Name, d.Instead)
			}
		}
		for _, sp := range k.Spans {
			for _, n := range []string{sp.From, sp.To} {
				if p, ok := k.Param(n); !ok || p.Type != Int {
					t.Errorf("%s: span names %s, not a whole-number parameter", k.Name, n)
				}
			}
		}
	}
}
