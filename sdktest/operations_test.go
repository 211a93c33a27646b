package sdktest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// servedElsewhere are the SDK's export and download operations that the
// client serves outside the kinds table, and where.
var servedElsewhere = map[string]string{
	"ListQueryExportTask":        "hss.GetExportTask at the generic status endpoint",
	"ShowExportTask":             "hss.GetExportTask at the event status endpoint",
	"ShowLatestExportTaskByType": "hss.GetExportTask, last, for a kind with an export_task_type",
	"ListDownloadExportedFile":   "hss.Download (hss_export_file)",
	"ExportSecurityCheckReport":  "hss.GetBaselineCheckReport (hss_baseline_check_report): answered at once, no task",
}

// excludedOperations are the SDK's export and download operations the
// provider does not serve, each with its reason.
var excludedOperations = map[string]string{
	"DownloadEventSourceFile": "it fetches the file behind an intrusion event (by its SHA-256): possibly malware, not a " +
		"report, which a provider that writes into users' directories has no business downloading",
}

// Every operation of the SDK's HSS client with Export or Download in its
// name is served by the client (a kind of the table, or one of
// servedElsewhere) or excluded with a reason; and every name listed here is
// an operation the SDK has, so a list cannot outlive the SDK.
func TestParity_EveryExportOperationIsAccountedFor(t *testing.T) {
	sdk := reflect.TypeOf(sdkClient(t, "http://127.0.0.1:1"))
	var ops []string
	for i := range sdk.NumMethod() {
		name := sdk.Method(i).Name
		if (strings.Contains(name, "Export") || strings.Contains(name, "Download")) && !strings.HasSuffix(name, "Invoker") {
			ops = append(ops, name)
		}
	}
	inTable := func(op string) bool {
		return slices.ContainsFunc(kinds.All, func(k kinds.Kind) bool { return k.Operation == op })
	}
	for _, op := range ops {
		_, served := servedElsewhere[op]
		_, excluded := excludedOperations[op]
		switch {
		case inTable(op) && (served || excluded), served && excluded:
			t.Errorf("%s is accounted for twice", op)
		case !inTable(op) && !served && !excluded:
			t.Errorf("the SDK's %s is neither served (the kinds table, servedElsewhere) nor excluded with a reason", op)
		}
	}
	for _, list := range []map[string]string{servedElsewhere, excludedOperations} {
		for op, why := range list {
			if !slices.Contains(ops, op) || why == "" {
				t.Errorf("%s is listed (%q) but the SDK has no such operation, or no reason is given", op, why)
			}
		}
	}
}

// record_total_num both ways: a kind answers with it exactly where the
// SDK's response of its operation models it.
func TestParity_RecordTotalNumBothWays(t *testing.T) {
	sdk := reflect.ValueOf(sdkClient(t, "http://127.0.0.1:1"))
	for _, k := range kinds.All {
		m := sdk.MethodByName(k.Operation)
		if !m.IsValid() {
			t.Errorf("the SDK has no operation %s", k.Operation)
			continue
		}
		_, models := jsonFields(m.Type().Out(0).Elem())["record_total_num"]
		if models != k.RecordTotal {
			t.Errorf("%s (%s): the SDK's answer models record_total_num %v; the table says %v", k.Name, k.Operation, models, k.RecordTotal)
		}
	}
}
