package kinds

import (
	"slices"
	"testing"
)

// What the SDK's models cannot tell, pinned here by writing it out again
// rather than reading it from the table: where each kind's task is polled,
// which answers carry record_total_num, and the export_task_type that
// ShowLatestExportTaskByType knows a kind's tasks by. Everything else
// (operations, paths, places, types, required parameters, the region
// header) is held against the SDK itself by the parity tests in sdktest/.
//
// Sources: the status endpoints of vulnerabilities, vulnerability_history
// and containers are confirmed (the established provider polls the generic
// one); events' is inferred from the SDK pairing ShowExportTask with the
// event paths; the rest default to the generic one, and the client looks at
// the other when a task is not found (hss.GetExportTask).
func TestKinds_PinnedToTheAPI(t *testing.T) {
	facts := map[string]struct {
		status      StatusEndpoint
		recordTotal bool
		taskType    string
	}{
		"vulnerabilities": {}, "vulnerability_history": {}, "vulnerability_handle_history": {}, "containers": {},
		"cluster_risks": {}, "image_security_report": {},
		"image_baseline":              {recordTotal: true},
		"local_image_vulnerabilities": {recordTotal: true},
		"assets":                      {},
		"events":                      {status: EventStatus, recordTotal: true},
		"baseline":                    {}, "antivirus": {}, "web_tamper_hosts": {},
		"operational_report": {taskType: "operational-report"},
	}
	if len(facts) != len(All) || len(All) != 14 {
		t.Fatalf("%d kinds in the table, %d in the facts; the API has 14", len(All), len(facts))
	}
	for _, k := range All {
		f, ok := facts[k.Name]
		if !ok {
			t.Errorf("kind %q is not pinned", k.Name)
			continue
		}
		if k.Status != f.status || k.RecordTotal != f.recordTotal || k.TaskType != f.taskType {
			t.Errorf("%s: status %v, record_total_num %v, task type %q; want %v, %v, %q",
				k.Name, k.Status, k.RecordTotal, k.TaskType, f.status, f.recordTotal, f.taskType)
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
