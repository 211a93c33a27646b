package hsssim

import (
	"net/http"
	"slices"
	"unicode/utf8"
)

// RouteBaselineReport is the configuration check report
// (ExportSecurityCheckReport): every row at once, no task.
const RouteBaselineReport = "GET /v5/{project_id}/baseline/risk-config/export"

// BaselineCheck is one rule's result on one host, as the report lists it,
// with the enterprise project and server group the report filters by.
type BaselineCheck struct {
	HostID             string `json:"host_id"`
	HostName           string `json:"host_name,omitempty"`
	HostPublicIP       string `json:"host_public_ip,omitempty"`
	HostPrivateIP      string `json:"host_private_ip,omitempty"`
	CheckType          string `json:"check_type,omitempty"`
	CheckName          string `json:"check_name"`
	Standard           string `json:"standard,omitempty"`
	CheckRuleName      string `json:"check_rule_name"`
	ExecutableFilePath string `json:"executable_file_path,omitempty"`
	Severity           string `json:"severity"`
	ScanResult         string `json:"scan_result"`
	Status             string `json:"status,omitempty"`
	CheckRuleDesc      string `json:"check_rule_desc,omitempty"`
	Audit              string `json:"audit,omitempty"`
	Remediation        string `json:"remediation,omitempty"`
	CheckInfoList      string `json:"check_info_list,omitempty"`
	CreateTime         int64  `json:"create_time,omitempty"`
	// EnterpriseProjectID is the host's enterprise project ("0" when
	// empty); GroupID its server group. Neither is in the report's rows.
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	GroupID             string `json:"group_id,omitempty"`
}

// The filter values the API reference and the SDK's model comments list.
var (
	checkStandards   = []string{"cn_standard", "hw_standard", "cis_standard"}
	checkScanResults = []string{"pass", "failed"}
	checkSeverities  = []string{"Low", "Medium", "High"}
)

// serveBaselineReport answers the report: the seeded checks that pass
// every filter given, after checking each filter as HSS does.
func (s *Simulator) serveBaselineReport(w http.ResponseWriter, r *http.Request, _ string) (int, string) {
	q := r.URL.Query()
	for name, limit := range map[string]int{"enterprise_project_id": 256, "group_id": 64, "host_id": 64, "check_name": 256} {
		if v, set := q[name]; set && (len(v) != 1 || v[0] == "" || utf8.RuneCountInString(v[0]) > limit) {
			return hssError(w, http.StatusBadRequest, "HSS.0001", "Invalid parameter: "+name), ""
		}
	}
	for name, allowed := range map[string][]string{"standard": checkStandards, "scan_result": checkScanResults, "severity": checkSeverities} {
		if v, set := q[name]; set && (len(v) != 1 || !slices.Contains(allowed, v[0])) {
			return hssError(w, http.StatusBadRequest, "HSS.0001", "Invalid parameter: "+name), ""
		}
	}
	ep := q.Get("enterprise_project_id")
	type row struct {
		BaselineCheck
		EnterpriseProjectID string `json:"enterprise_project_id,omitempty"` // not in a row: hide the seed's
		GroupID             string `json:"group_id,omitempty"`
	}
	rows := []row{}
	s.mu.Lock()
	checks := s.cfg.BaselineChecks
	s.mu.Unlock()
	for _, c := range checks {
		cEP := c.EnterpriseProjectID
		if cEP == "" {
			cEP = "0"
		}
		switch {
		case ep != "" && ep != "all_granted_eps" && ep != cEP, ep == "" && cEP != "0":
			continue
		}
		if !matches(q.Get("group_id"), c.GroupID) || !matches(q.Get("host_id"), c.HostID) ||
			!matches(q.Get("check_name"), c.CheckName) || !matches(q.Get("standard"), c.Standard) ||
			!matches(q.Get("scan_result"), c.ScanResult) || !matches(q.Get("severity"), c.Severity) {
			continue
		}
		rows = append(rows, row{BaselineCheck: c})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"total_num": len(rows), "data_list": rows}), ""
}

// matches says whether a row's value passes a filter (empty: none).
func matches(filter, value string) bool { return filter == "" || filter == value }
