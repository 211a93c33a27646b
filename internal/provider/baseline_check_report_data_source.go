package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

var (
	_ datasource.DataSource              = (*BaselineCheckReportDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*BaselineCheckReportDataSource)(nil)
)

// NewBaselineCheckReportDataSource is the constructor the provider
// registers.
func NewBaselineCheckReportDataSource() datasource.DataSource {
	return &BaselineCheckReportDataSource{}
}

// BaselineCheckReportDataSource reads the configuration check (baseline)
// report: HSS's ExportSecurityCheckReport, answered at once, with no task.
type BaselineCheckReportDataSource struct {
	dataSourceBase
}

// BaselineCheckReportDataSourceModel is hss_baseline_check_report.
type BaselineCheckReportDataSourceModel struct {
	EnterpriseProjectID types.String   `tfsdk:"enterprise_project_id"`
	GroupID             types.String   `tfsdk:"group_id"`
	HostID              types.String   `tfsdk:"host_id"`
	CheckName           types.String   `tfsdk:"check_name"`
	Standard            types.String   `tfsdk:"standard"`
	ScanResult          types.String   `tfsdk:"scan_result"`
	Severity            types.String   `tfsdk:"severity"`
	Region              types.String   `tfsdk:"region"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
	TotalNum            types.Int64    `tfsdk:"total_num"`
	Results             []reportRow    `tfsdk:"results"`
}

// reportRow is a row of results, every field by its API name.
type reportRow struct {
	HostID             types.String `tfsdk:"host_id"`
	HostName           types.String `tfsdk:"host_name"`
	HostPublicIP       types.String `tfsdk:"host_public_ip"`
	HostPrivateIP      types.String `tfsdk:"host_private_ip"`
	CheckType          types.String `tfsdk:"check_type"`
	CheckName          types.String `tfsdk:"check_name"`
	Standard           types.String `tfsdk:"standard"`
	CheckRuleName      types.String `tfsdk:"check_rule_name"`
	ExecutableFilePath types.String `tfsdk:"executable_file_path"`
	Severity           types.String `tfsdk:"severity"`
	ScanResult         types.String `tfsdk:"scan_result"`
	Status             types.String `tfsdk:"status"`
	CheckRuleDesc      types.String `tfsdk:"check_rule_desc"`
	Audit              types.String `tfsdk:"audit"`
	Remediation        types.String `tfsdk:"remediation"`
	CheckInfoList      types.String `tfsdk:"check_info_list"`
	CreateTime         types.Int64  `tfsdk:"create_time"`
}

// readBaselineReport is hss_baseline_check_report's read.
var readBaselineReport = operation{summary: "Unable to Read HSS Baseline Check Report", doing: "Reading the baseline check report",
	object: "baseline check report", idAttr: "host_id", timeoutAttr: "read", permission: "read HSS baseline check results"}

// defaultReportTimeout bounds a read of the report when timeouts.read is
// unset.
const defaultReportTimeout = 5 * time.Minute

// reportRowFields describe the attributes of a row of results (reportRow);
// create_time is a number, every other a string.
var reportRowFields = []struct{ name, description string }{
	{"host_id", "Id of the host."},
	{"host_name", "Name of the host."},
	{"host_public_ip", "Public IP of the host."},
	{"host_private_ip", "Private IP of the host."},
	{"check_type", "Type of the check (baseline), such as `SSH`; on Windows it can differ from `check_name`."},
	{"check_name", "Name of the check (baseline), such as `SSH`, `CentOS 7` or `Windows`."},
	{"standard", "Standard of the check: `cn_standard`, `hw_standard` or `cis_standard`."},
	{"check_rule_name", "Name of the rule checked."},
	{"executable_file_path", "Path the check looked at."},
	{"severity", "Severity of the rule: `Low`, `Medium` or `High`."},
	{"scan_result", "Result: `pass` or `failed`."},
	{"status", "How the result is handled: `safe`, `ignored` (marked so by a user) or `unhandled`."},
	{"check_rule_desc", "Description of the rule."},
	{"audit", "How the rule is audited."},
	{"remediation", "How to fix a failure."},
	{"check_info_list", "The rule's test cases, as HSS gives them (one string)."},
	{"create_time", "When the rule was first checked on the host, in milliseconds since 1970."},
}

// Metadata names the data source hss_baseline_check_report.
func (d *BaselineCheckReportDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_baseline_check_report"
}

// Schema describes hss_baseline_check_report.
func (d *BaselineCheckReportDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	rowAttrs := map[string]schema.Attribute{}
	for _, f := range reportRowFields {
		if f.name == "create_time" {
			rowAttrs[f.name] = schema.Int64Attribute{MarkdownDescription: f.description, Computed: true}
		} else {
			rowAttrs[f.name] = schema.StringAttribute{MarkdownDescription: f.description, Computed: true}
		}
	}
	filter := func(desc string, v validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: []validator.String{v}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the configuration check (baseline) results, host by host and rule by rule: HSS's " +
			"`ExportSecurityCheckReport` (`GET /v5/{project_id}/baseline/risk-config/export`), which answers at once, " +
			"with no export task and no file. The API has no paging: every row that passes the filters is read in one " +
			"answer (at most " + fmt.Sprint(hss.MaxReportBytes>>20) + " MiB; a larger one is an error that says to " +
			"narrow the filters) and lands in the state. Each filter is sent only when set.",
		Attributes: map[string]schema.Attribute{
			"enterprise_project_id": filter("Enterprise project to report on: `0` is the default one, `all_granted_eps` "+
				"every one the caller may see. Defaults to the provider's `enterprise_project_id`.", printable(256).validator()),
			"group_id":   filter("Only hosts of this server group.", printable(64).validator()),
			"host_id":    filter("Only this host.", printable(64).validator()),
			"check_name": filter("Only this check (baseline), such as `SSH`, `CentOS 7` or `Windows`.", printable(256).validator()),
			"standard": filter("Only this standard: `cn_standard`, `hw_standard` or `cis_standard`.",
				stringvalidator.OneOf(hss.CheckStandards...)),
			"scan_result": filter("Only this result: `pass` or `failed`.", stringvalidator.OneOf(hss.CheckScanResults...)),
			"severity": filter("Only this severity: `Low`, `Medium` or `High` (capitalised, as HSS writes them).",
				stringvalidator.OneOf(hss.CheckSeverities...)),
			"region": filter("Region to read from; picks the default endpoint. Defaults to the provider's region.",
				regionCheck.validator()),
			"timeouts": dataSourceTimeouts(ctx, "Timeouts: `read` bounds the read, retries included.",
				timeouts.Opts{ReadDescription: "How long the read may take, retries included, such as `\"1m\"`. Defaults to `\"5m\"`."}),
			"total_num": schema.Int64Attribute{MarkdownDescription: "How many rows HSS counts for the filters.", Computed: true},
			"results": schema.ListNestedAttribute{
				MarkdownDescription: "Every row: one rule's result on one host, each field by its API name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: rowAttrs},
			},
		},
	}
}

// Read reads the report and puts every row in the state.
func (d *BaselineCheckReportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m BaselineCheckReportDataSourceModel
	if !d.get(ctx, "hss_baseline_check_report", req.Config, &m, &resp.Diagnostics) {
		return
	}
	timeout, diags := m.Timeouts.Read(ctx, defaultReportTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	q := hss.BaselineCheckQuery{
		EnterpriseProjectID: d.enterpriseProject(m.EnterpriseProjectID.ValueString(), !m.EnterpriseProjectID.IsNull()),
		GroupID:             m.GroupID.ValueString(), HostID: m.HostID.ValueString(), CheckName: m.CheckName.ValueString(),
		Standard: m.Standard.ValueString(), ScanResult: m.ScanResult.ValueString(), Severity: m.Severity.ValueString(),
		Region: m.Region.ValueString(),
	}
	report, err := d.data.client.GetBaselineCheckReport(ctx, q)
	var tooLarge *hss.BodyTooLargeError
	switch {
	case errors.As(err, &tooLarge):
		resp.Diagnostics.AddError("HSS Baseline Check Report Too Large",
			fmt.Sprintf("The report is larger than %d MiB, the most this data source reads: the API has no paging, so "+
				"narrow it with host_id, group_id, check_name, standard, scan_result or severity (one data source per "+
				"host or per check, say).", tooLarge.Max>>20))
		return
	case err != nil:
		resp.Diagnostics.Append(errorDiagnostic(failure{op: readBaselineReport, client: d.data.client, timeout: timeout,
			id: q.HostID, enterpriseProject: q.EnterpriseProjectID, err: err}))
		return
	}
	m.Results = make([]reportRow, len(report.Rows))
	for i, r := range report.Rows {
		m.Results[i] = reportRow{HostID: types.StringValue(r.HostID), HostName: types.StringValue(r.HostName),
			HostPublicIP: types.StringValue(r.HostPublicIP), HostPrivateIP: types.StringValue(r.HostPrivateIP),
			CheckType: types.StringValue(r.CheckType), CheckName: types.StringValue(r.CheckName),
			Standard: types.StringValue(r.Standard), CheckRuleName: types.StringValue(r.CheckRuleName),
			ExecutableFilePath: types.StringValue(r.ExecutableFilePath), Severity: types.StringValue(r.Severity),
			ScanResult: types.StringValue(r.ScanResult), Status: types.StringValue(r.Status),
			CheckRuleDesc: types.StringValue(r.CheckRuleDesc), Audit: types.StringValue(r.Audit),
			Remediation: types.StringValue(r.Remediation), CheckInfoList: types.StringValue(r.CheckInfoList),
			CreateTime: types.Int64Value(r.CreateTime)}
	}
	m.TotalNum = types.Int64Value(report.TotalNum)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
