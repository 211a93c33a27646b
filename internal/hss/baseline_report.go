package hss

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// MaxReportBytes caps the configuration check report: the API has no
// paging, so the whole answer is read at once, and a larger one is an
// error that says so (a *ResponseError wrapping a *BodyTooLargeError).
const MaxReportBytes = 64 << 20

// The values the SDK's model comments list for the report's filters (the
// SDK has no enum types).
var (
	CheckStandards   = []string{"cn_standard", "hw_standard", "cis_standard"}
	CheckScanResults = []string{"pass", "failed"}
	CheckSeverities  = []string{"Low", "Medium", "High"}
)

// BaselineCheckQuery filters the configuration check report
// (ExportSecurityCheckReport); an empty field is no filter.
type BaselineCheckQuery struct {
	EnterpriseProjectID string
	GroupID             string
	HostID              string
	CheckName           string
	Standard            string
	ScanResult          string
	Severity            string
	// Region picks the default endpoint; the API has no region header.
	Region string
}

// BaselineCheckReport is the configuration check (baseline) results, host
// by host and rule by rule.
type BaselineCheckReport struct {
	TotalNum  int64
	Rows      []BaselineCheckRow
	RequestID string
}

// BaselineCheckRow is one rule's result on one host, every field by its
// API name.
type BaselineCheckRow struct {
	HostID             string `json:"host_id"`
	HostName           string `json:"host_name"`
	HostPublicIP       string `json:"host_public_ip"`
	HostPrivateIP      string `json:"host_private_ip"`
	CheckType          string `json:"check_type"`
	CheckName          string `json:"check_name"`
	Standard           string `json:"standard"`
	CheckRuleName      string `json:"check_rule_name"`
	ExecutableFilePath string `json:"executable_file_path"`
	Severity           string `json:"severity"`
	ScanResult         string `json:"scan_result"`
	// Status is "safe", "ignored" or "unhandled".
	Status        string `json:"status"`
	CheckRuleDesc string `json:"check_rule_desc"`
	Audit         string `json:"audit"`
	Remediation   string `json:"remediation"`
	CheckInfoList string `json:"check_info_list"`
	// CreateTime is when the rule was first checked, in milliseconds.
	CreateTime int64 `json:"create_time"`
}

// GetBaselineCheckReport reads the configuration check report: GET
// /v5/{project_id}/baseline/risk-config/export, answered at once with every
// row (the SDK's ExportSecurityCheckReport). It is idempotent and retried
// like a task read. Errors are those of GetExportTask; an answer over
// MaxReportBytes is a *ResponseError wrapping a *BodyTooLargeError.
func (c *Client) GetBaselineCheckReport(ctx context.Context, q BaselineCheckQuery) (*BaselineCheckReport, error) {
	project, err := c.project(ctx, q.Region)
	if err != nil {
		return nil, err
	}
	base, err := c.baseURL(q.Region)
	if err != nil {
		return nil, err
	}
	query := url.Values{}
	for name, v := range map[string]string{"enterprise_project_id": q.EnterpriseProjectID, "group_id": q.GroupID,
		"host_id": q.HostID, "check_name": q.CheckName, "standard": q.Standard, "scan_result": q.ScanResult, "severity": q.Severity} {
		if v != "" {
			query.Set(name, v)
		}
	}
	u, err := apiURL(base, project, []pathPart{literal("baseline"), literal("risk-config"), literal("export")}, query)
	if err != nil {
		return nil, err
	}
	resp, err := c.t.do(ctx, call{method: http.MethodGet, url: u, idempotent: true, projectID: project, auth: c.auth,
		maxBody: MaxReportBytes})
	if err != nil {
		return nil, err
	}
	var raw struct {
		TotalNum *int64              `json:"total_num"`
		DataList *[]BaselineCheckRow `json:"data_list"`
	}
	dec := json.NewDecoder(bytes.NewReader(resp.body))
	if err := dec.Decode(&raw); err != nil || raw.TotalNum == nil {
		reason := "the body is not a configuration check report (no total_num)"
		if err != nil {
			reason = "the body is not a configuration check report: " + err.Error()
		}
		return nil, &ResponseError{Reason: reason, RequestID: resp.requestID, Snippet: c.secrets.redact(snippet(resp.body, 120))}
	}
	report := &BaselineCheckReport{TotalNum: *raw.TotalNum, RequestID: resp.requestID}
	if raw.DataList != nil {
		report.Rows = *raw.DataList
	}
	for i := range report.Rows {
		r := &report.Rows[i]
		for _, f := range []*string{&r.HostID, &r.HostName, &r.HostPublicIP, &r.HostPrivateIP, &r.CheckType, &r.CheckName,
			&r.Standard, &r.CheckRuleName, &r.ExecutableFilePath, &r.Severity, &r.ScanResult, &r.Status, &r.CheckRuleDesc,
			&r.Audit, &r.Remediation, &r.CheckInfoList} {
			*f = c.serverLines(*f)
		}
	}
	return report, nil
}

// serverLines is ServerText for text of several lines (a rule's
// description, its remediation): each line cleaned and masked, the line
// breaks kept.
func (c *Client) serverLines(s string) string {
	if !strings.Contains(s, "\n") {
		return c.ServerText(s)
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = ServerText(l)
	}
	return c.secrets.redact(strings.Join(lines, "\n"))
}
