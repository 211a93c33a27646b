// Package kinds describes every HSS export operation, one entry each: the
// single table of facts that the client (request building, validation),
// the simulator (its checks of what it receives) and the generated docs
// all read. It holds data only, so that the simulator can share it while
// keeping its own logic.
package kinds

// The export kinds: one entry each, the single description of every HSS
// export operation this client can start. It drives request building
// (exports.go), validation before anything is sent (the provider calls
// hss.ValidateExport at plan time), the simulator's checks of what it receives,
// and the generated docs. Facts from the official SDK's models
// (huaweicloud-sdk-go-v3, services/hss/v5): sdktest holds every entry to
// the SDK field by field; TestKinds_PinnedToTheAPI pins what the SDK
// cannot tell.

func n(v int64) *int64 { return &v }

// Shared enums.
var (
	vulTypes       = []string{"linux_vul", "windows_vul", "web_cms", "app_vul", "urgent_vul"}
	vulStatuses    = []string{"vul_status_unfix", "vul_status_ignored", "vul_status_verified", "vul_status_fixing", "vul_status_fixed", "vul_status_reboot", "vul_status_failed", "vul_status_fix_after_reboot"}
	priorities     = []string{"Critical", "High", "Medium", "Low"}
	assetValues    = []string{"important", "common", "test"}
	handleStatuses = []string{"unhandled", "handled"}
	imageTypes     = []string{"private_image", "shared_image", "local_image", "instance_image", "harbor", "jfrog", "cicd"}
	scanStatuses   = []string{"unscan", "success", "scanning", "failed", "download_failed", "image_oversized"}
	severities4    = []string{"Security", "Low", "Medium", "High"}
	riskLevels     = []string{"critical", "high", "medium", "low"}
)

// imageFilters are the body filters the image exports share; change
// adjusts them for one kind (the SDK states other bounds for some).
func imageFilters(scan []string, change func(*Param)) []Param {
	ps := []Param{
		{Name: "image_id_list", In: InBody, Type: StringList},
		{Name: "operate_all", In: InBody, Type: Bool},
		{Name: "image_name", In: InBody, Type: String},
		{Name: "image_version", In: InBody, Type: String},
		{Name: "scan_status", In: InBody, Type: String, Enum: scan},
		{Name: "image_size", In: InBody, Type: Int, Wide: true, Min: n(0)},
		{Name: "start_latest_update_time", In: InBody, Type: Int, Wide: true, Doc: "milliseconds"},
		{Name: "end_latest_update_time", In: InBody, Type: Int, Wide: true, Doc: "milliseconds"},
		{Name: "start_latest_scan_time", In: InBody, Type: Int, Wide: true, Doc: "milliseconds"},
		{Name: "end_latest_scan_time", In: InBody, Type: Int, Wide: true, Doc: "milliseconds"},
	}
	for i := range ps {
		change(&ps[i])
	}
	return ps
}

// keep leaves the shared image filters as they are.
func keep(*Param) {}

// All is every export operation.
var All = []Kind{
	{Name: "vulnerabilities", Operation: "ExportVuls", Path: "/vul/export", StatusSource: "the API reference documents ListQueryExportTask with a vulnerability export, and the established provider polls it for ExportVuls",
		Description: "Vulnerabilities and the hosts they affect.",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true,
		Params: []Param{
			{Name: "export_size", In: InQuery, Type: Int, Required: true, Min: n(1)},
			{Name: "category", In: InQuery, Type: String, Required: true, Enum: []string{"vul", "host"}},
			{Name: "type", In: InQuery, Type: String, Enum: vulTypes},
			{Name: "vul_id", In: InQuery, Type: String},
			{Name: "vul_name", In: InQuery, Type: String},
			{Name: "host_id", In: InQuery, Type: String},
			{Name: "limit", In: InQuery, Type: Int, Min: n(0)},
			{Name: "offset", In: InQuery, Type: Int, Min: n(0)},
			{Name: "repair_priority", In: InQuery, Type: String, Doc: "Critical, High, Medium or Low, or several joined by commas"},
			{Name: "handle_status", In: InQuery, Type: String, Enum: handleStatuses},
			{Name: "cve_id", In: InQuery, Type: String},
			{Name: "label_list", In: InQuery, Type: String},
			{Name: "status", In: InQuery, Type: String, Enum: vulStatuses},
			{Name: "asset_value", In: InQuery, Type: String, Enum: assetValues},
			{Name: "group_name", In: InQuery, Type: String},
			{Name: "node_type", In: InQuery, Type: String, Enum: []string{"cce", "not_cce"}},
			{Name: "vul_id_list", In: InBody, Type: StringList},
			{Name: "host_id_list", In: InBody, Type: StringList},
		}},
	{Name: "vulnerability_history", Operation: "ExportHandledVulnerabilities", Path: "/vulnerability/history/export-task", StatusSource: "the established provider polls ListQueryExportTask for ExportHandledVulnerabilities",
		Description: "Vulnerabilities that were handled.",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true,
		Params: []Param{
			{Name: "export_size", In: InBody, Type: Int, Min: n(1)},
			{Name: "vul_name", In: InBody, Type: String},
			{Name: "repair_priority", In: InBody, Type: String, Enum: priorities},
			{Name: "host_name", In: InBody, Type: String},
			{Name: "host_ip", In: InBody, Type: String},
			{Name: "is_affect_business", In: InBody, Type: Bool},
			{Name: "status", In: InBody, Type: String, Enum: vulStatuses},
			{Name: "asset_value", In: InBody, Type: String, Enum: assetValues},
			{Name: "label", In: InBody, Type: String},
			{Name: "type", In: InBody, Type: String, Enum: vulTypes},
			{Name: "group_name", In: InBody, Type: String},
			{Name: "handle_cycle", In: InBody, Type: String, Enum: []string{"today", "all"}},
			{Name: "specific_vuls", In: InBody, Type: ObjectList, Fields: []Param{
				{Name: "host_id", Type: String}, {Name: "vul_id", Type: String}}},
		}},
	{Name: "vulnerability_handle_history", Operation: "ExportVulHandleHistory", Path: "/vulnerability/handle-history/export-task",
		Description: "Records of how vulnerabilities were handled.",
		Headers:     HeadersField, HeadersField: "export_header_list", HeadersRequired: true,
		Params: []Param{
			{Name: "export_size", In: InBody, Type: Int, Min: n(1)},
			{Name: "status", In: InBody, Type: String, Enum: vulStatuses},
			{Name: "vul_id", In: InBody, Type: String},
			{Name: "vul_type", In: InBody, Type: String, Enum: vulTypes},
			{Name: "asset_value", In: InBody, Type: String, Enum: assetValues},
			{Name: "group_name", In: InBody, Type: String},
			{Name: "host_name", In: InBody, Type: String},
			{Name: "host_ip", In: InBody, Type: String},
		}},
	{Name: "containers", Operation: "ExportContainerList", Path: "/container/export-task", StatusSource: "the established provider polls ListQueryExportTask for ExportContainerList",
		Description: "Containers and their risks.",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true,
		Columns: []string{"container_id", "container_name", "image_name", "pod_name", "cluster_name", "cluster_type", "status",
			"risky", "low_risk", "medium_risk", "high_risk", "fatal_risk", "create_time", "restart_count", "cpu_limit", "memory_limit"},
		ColumnsSource: "the SDK's model of export_headers (ExportContainerListRequestBody)",
		Params: []Param{
			{Name: "export_size", In: InQuery, Type: Int, Min: n(1), Max: n(100000)},
			{Name: "cluster_container", In: InBody, Type: Bool},
			{Name: "cluster_type", In: InBody, Type: String, Enum: []string{"cce", "ali", "tencent", "azure", "aws", "self_built_hw", "self_built_idc"}},
			{Name: "cluster_name", In: InBody, Type: String, Min: n(1), Max: n(255)},
			{Name: "container_name", In: InBody, Type: String, Min: n(1), Max: n(255)},
			{Name: "pod_name", In: InBody, Type: String, Min: n(1), Max: n(512)},
			{Name: "image_name", In: InBody, Type: String, Min: n(1), Max: n(255)},
			{Name: "status", In: InBody, Type: String, Enum: []string{"Running", "Waiting", "Terminated", "Isolated", "Paused"}},
			{Name: "risky", In: InBody, Type: Bool},
			{Name: "create_time", In: InBody, Type: Object, Fields: []Param{
				{Name: "start_time", Type: Int, Wide: true}, {Name: "end_time", Type: Int, Wide: true}}},
			{Name: "cpu_limit", In: InBody, Type: String, Max: n(64), Doc: "such as 100m"},
			{Name: "memory_limit", In: InBody, Type: String, Max: n(64), Doc: "such as 300Mi"},
		}},
	{Name: "cluster_risks", Operation: "ExportRisks", Path: "/container/cluster/risk/export-task",
		Description: "Cluster environment (infrastructure as code) risks.",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true, MaxHeaders: 10000,
		Params: []Param{
			{Name: "risk_type", In: InQuery, Type: String, Required: true, Enum: []string{"iac_risk"}, Default: "iac_risk"},
			{Name: "export_size", In: InQuery, Type: Int, Required: true, Min: n(1)},
			{Name: "iac_items", In: InBody, Type: Object, Fields: []Param{
				{Name: "file_id_list", Type: StringList, MinItems: n(1), MaxItems: n(200)},
				{Name: "file_name", Type: String, Min: n(1), Max: n(64)},
				{Name: "file_type", Type: String, Enum: []string{"dockerfile", "k8s_yaml"}},
				{Name: "risky", Type: Bool},
				{Name: "scan_type", Type: String, Enum: []string{"manual_scan", "cicd_scan"}},
			}},
		}},
	{Name: "image_security_report", Operation: "ExportImageSecurityReportTask", Path: "/image/security-report/export-tasks",
		Description: "Image security reports: malware, software, files, sensitive information, compliance, build-command risks.",
		Headers:     NoHeaders,
		Params: append([]Param{
			{Name: "export_size", In: InBody, Type: Int, Required: true, Min: n(1)},
			{Name: "security_report_type", In: InBody, Type: String, Required: true,
				Enum: []string{"malwares", "apps", "files", "sensitive-info", "non-compliant-app", "build-command-risks"}},
			{Name: "image_type", In: InBody, Type: String, Enum: imageTypes},
			{Name: "namespace", In: InBody, Type: String},
			{Name: "image_id", In: InBody, Type: String},
			{Name: "latest_version", In: InBody, Type: Bool},
			{Name: "has_malicious_file", In: InBody, Type: Bool},
			{Name: "has_vul", In: InBody, Type: Bool},
			{Name: "has_unsafe_setting", In: InBody, Type: Bool},
			{Name: "risky", In: InBody, Type: Bool},
			{Name: "severity_level", In: InBody, Type: String, Enum: severities4},
			{Name: "instance_name", In: InBody, Type: String},
			{Name: "cicd_name", In: InBody, Type: String},
			{Name: "build_command_risk_level", In: InBody, Type: String, Enum: riskLevels},
			{Name: "build_command_risk_name", In: InBody, Type: String},
			{Name: "build_command_rule_id_list", In: InBody, Type: StringList},
		}, imageFilters(scanStatuses, func(p *Param) {
			// A plain bool without omitempty in the SDK's model: always sent.
			if p.Name == "operate_all" {
				p.Required = true
				p.Doc = "true exports every image (the other filters narrow it); false exports those of image_id_list"
			}
		})...)},
	{Name: "image_baseline", Operation: "BatchExportBaselineTask", Path: "/image/baseline/export",
		Description: "Baseline checks of repository images.",
		Headers:     NoHeaders, Region: RegionOptional, RecordTotal: true,
		Params: append([]Param{
			{Name: "export_size", In: InQuery, Type: Int, Required: true, Min: n(0), Max: n(2147483647)},
			{Name: "image_type", In: InBody, Type: String, Enum: imageTypes},
			{Name: "vul_type", In: InBody, Type: String, Enum: []string{"linux_vul", "app_vul"}},
			{Name: "namespace", In: InBody, Type: String, Max: n(65535)},
			{Name: "image_id", In: InBody, Type: String, Max: n(128)},
			{Name: "latest_version", In: InBody, Type: Bool},
			{Name: "has_malicious_file", In: InBody, Type: Bool},
			{Name: "has_vul", In: InBody, Type: Bool},
			{Name: "has_unsafe_setting", In: InBody, Type: Bool},
			{Name: "risky", In: InBody, Type: Bool},
			{Name: "severity_level", In: InBody, Type: String, Enum: severities4},
			{Name: "instance_name", In: InBody, Type: String, Max: n(128)},
			{Name: "instance_id", In: InBody, Type: String, Max: n(128)},
			{Name: "cicd_name", In: InBody, Type: String, Max: n(128)},
			{Name: "build_command_risk_level", In: InBody, Type: String, Enum: riskLevels},
			{Name: "build_command_risk_name", In: InBody, Type: String, Min: n(1), Max: n(128)},
			{Name: "build_command_rule_id_list", In: InBody, Type: StringList},
			{Name: "has_container", In: InBody, Type: Bool},
			{Name: "vul_id_list", In: InBody, Type: StringList, MaxItems: n(2048)},
		}, imageFilters(scanStatuses, func(p *Param) {
			switch p.Name {
			case "image_name", "image_version":
				p.Max = n(65535)
			case "image_size":
				p.Max = n(2147483547) // sic, in the SDK's model
			}
		})...)},
	{Name: "local_image_vulnerabilities", Operation: "BatchExportLocalVulTask", Path: "/image/local-vulnerability/export",
		Description: "Vulnerabilities of local images. Needs a region (the resource's or the provider's): HSS requires the region header.",
		Headers:     NoHeaders, Region: RegionRequired, RecordTotal: true,
		Params: append([]Param{
			{Name: "export_size", In: InQuery, Type: Int, Required: true, Min: n(1)},
			{Name: "vul_type", In: InBody, Type: String, Enum: []string{"linux_vul", "app_vul"}},
			{Name: "handle_status", In: InBody, Type: String, Enum: handleStatuses},
			{Name: "has_container", In: InBody, Type: Bool},
			{Name: "vul_id_list", In: InBody, Type: StringList},
		}, imageFilters(append(append([]string(nil), scanStatuses...), "waiting_for_scan", "image_scan_stop"), keep)...)},
	{Name: "assets", Operation: "DownloadAssetFile", Path: "/asset/export",
		Description: "Asset fingerprints of hosts or containers (users, ports, processes, software…).",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true,
		Params: []Param{
			{Name: "asset_type", In: InQuery, Type: String, Required: true, Enum: []string{"users", "auto_launch", "database",
				"jar_package", "port", "process", "web_cms", "web_framework", "web_service", "web_site", "app", "kernel_module"}},
			{Name: "category", In: InQuery, Type: String, Required: true, Enum: []string{"host", "container"}},
			{Name: "search_param", In: InBody, Type: String, Max: n(128), Doc: "the filters of the asset list API, as a JSON string"},
		}},
	{Name: "events", Operation: "ExportEventRequest", Path: "/event/export", StatusSource: "the API reference documents ShowExportTask, the event area's status endpoint, with an event export",
		Description: "Intrusion events (alarms). The columns are the whole request body; the task is polled at the event export status endpoint.",
		Headers:     HeadersBareBody, HeadersRequired: true, Status: EventStatus, RecordTotal: true,
		Params: []Param{
			{Name: "category", In: InQuery, Type: String, Required: true, Enum: []string{"host", "container"}},
			{Name: "event_id", In: InQuery, Type: String, Required: true, Min: n(1), Max: n(128), Doc: "required by the SDK's model"},
			{Name: "last_days", In: InQuery, Type: Int, Min: n(1)},
			{Name: "begin_time", In: InQuery, Type: Int, Wide: true, Doc: "milliseconds; not with last_days"},
			{Name: "end_time", In: InQuery, Type: Int, Wide: true, Doc: "milliseconds, at most two days after begin_time; not with last_days"},
			{Name: "host_name", In: InQuery, Type: String, Min: n(1), Max: n(64)},
			{Name: "host_id", In: InQuery, Type: String, Min: n(1), Max: n(256)},
			{Name: "private_ip", In: InQuery, Type: String, Min: n(1), Max: n(128)},
			{Name: "public_ip", In: InQuery, Type: String, Min: n(1), Max: n(128)},
			{Name: "container_name", In: InQuery, Type: String, Min: n(1), Max: n(512)},
			{Name: "offset", In: InQuery, Type: Int, Min: n(0)},
			{Name: "limit", In: InQuery, Type: Int, Min: n(0)},
			{Name: "export_size", In: InQuery, Type: Int, Min: n(1)},
			{Name: "event_type", In: InQuery, Type: Int},
			{Name: "event_types", In: InQuery, Type: IntList},
			{Name: "handle_status", In: InQuery, Type: String, Enum: handleStatuses},
			{Name: "severity", In: InQuery, Type: String, Enum: []string{"Security", "Low", "Medium", "High", "Critical"}},
			{Name: "severity_list", In: InQuery, Type: StringList, Enum: []string{"Security", "Low", "Medium", "High", "Critical"}},
			{Name: "event_class_ids", In: InQuery, Type: StringList},
			{Name: "attack_tag", In: InQuery, Type: String, Enum: []string{"attack_success", "attack_attempt", "attack_blocked",
				"abnormal_behavior", "collapsible_host", "system_vulnerability"}},
			{Name: "asset_value", In: InQuery, Type: String, Enum: assetValues},
			{Name: "tag_list", In: InQuery, Type: StringList},
			{Name: "att_ck", In: InQuery, Type: String, Enum: []string{"Reconnaissance", "Initial Access", "Execution", "Persistence",
				"Privilege Escalation", "Defense Evasion", "Credential Access", "Command and Control", "Impact"}},
			{Name: "event_name", In: InQuery, Type: String, Min: n(1), Max: n(128)},
			{Name: "event_id_list", In: InQuery, Type: StringList},
			{Name: "auto_block", In: InQuery, Type: Bool},
			{Name: "cluster_id", In: InQuery, Type: String, Min: n(1), Max: n(64)},
		},
		// The SDK's model: end_time minus begin_time at most two days; both
		// exclusive with last_days.
		Spans:     []Span{{From: "begin_time", To: "end_time", Max: 2 * 24 * 3600 * 1000, Says: "two days (172800000 ms)"}},
		Exclusive: [][]string{{"last_days", "begin_time", "end_time"}}},
	{Name: "baseline", Operation: "ExportBaselineSecurityCheckReport", Path: "/baseline/export",
		Description: "Baseline checks: configuration, password complexity, weak passwords.",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true,
		Params: []Param{
			{Name: "category", In: InBody, Type: String, Enum: []string{"risk-config", "password-complexity", "weak-password"}},
			{Name: "export_size", In: InBody, Type: Int, Min: n(1), Max: n(200000)},
			{Name: "group_id", In: InBody, Type: String, Max: n(128)},
			{Name: "check_name", In: InBody, Type: String, Max: n(256)},
			{Name: "check_type", In: InBody, Type: String, Max: n(256)},
			{Name: "standard", In: InBody, Type: String, Enum: []string{"cn_standard", "hw_standard", "cis_standard"}},
			{Name: "scan_result", In: InBody, Type: String, Enum: []string{"pass", "failed", "unhandled"}},
			{Name: "statistics_scan_result", In: InBody, Type: String, Enum: []string{"pass", "failed", "processed"}},
			{Name: "severity", In: InBody, Type: String, Enum: severities4},
			{Name: "host_id", In: InBody, Type: String, Max: n(64)},
			{Name: "tag", In: InBody, Type: String, Max: n(256)},
			{Name: "check_rule_name", In: InBody, Type: String, Max: n(2048)},
			{Name: "cluster_id", In: InBody, Type: String, Max: n(64)},
			{Name: "limit", In: InBody, Type: Int, Min: n(0)},
			{Name: "offset", In: InBody, Type: Int, Min: n(0)},
		}},
	{Name: "antivirus", Operation: "ExportAntiVirusResult", Path: "/antivirus/result/export",
		Description: "Antivirus scan results. The columns are optional here.",
		Headers:     HeadersField, HeadersField: "export_headers",
		Params: []Param{
			{Name: "offset", In: InQuery, Type: Int, Required: true, Min: n(0), Max: n(2000000)},
			{Name: "limit", In: InQuery, Type: Int, Required: true, Min: n(10), Max: n(200)},
			{Name: "export_size", In: InQuery, Type: Int, Min: n(1)},
			{Name: "host_name", In: InQuery, Type: String, Min: n(1), Max: n(256)},
			{Name: "private_ip", In: InQuery, Type: String, Min: n(1), Max: n(128)},
			{Name: "public_ip", In: InQuery, Type: String, Min: n(7), Max: n(39)},
			{Name: "handle_status", In: InQuery, Type: String, Enum: handleStatuses},
			{Name: "severity_list", In: InQuery, Type: StringList, Enum: []string{"Low", "Medium", "High", "Critical"},
				Doc: "deprecated by HSS (the SDK's model says so): prefer severities"},
			{Name: "severities", In: InQuery, Type: String, Enum: []string{"Low", "Medium", "High", "Critical"}},
			{Name: "asset_value", In: InQuery, Type: String, Enum: assetValues},
			{Name: "malware_name", In: InQuery, Type: String, Min: n(1), Max: n(128)},
			{Name: "file_path", In: InQuery, Type: String, Min: n(1), Max: n(512)},
			{Name: "file_hash", In: InQuery, Type: String, Min: n(64), Max: n(64), Doc: "SHA-256, 64 hex digits"},
			{Name: "task_name", In: InQuery, Type: String, Min: n(1), Max: n(128)},
			{Name: "manual_isolate", In: InQuery, Type: Bool},
		}},
	{Name: "web_tamper_hosts", Operation: "ExportWebTamperHost", Path: "/webtamper/host/export",
		Description: "Hosts and directories under web tamper protection.",
		Headers:     HeadersField, HeadersField: "export_headers", HeadersRequired: true,
		Columns: []string{"host_name", "host_id", "public_ip", "private_ip", "charging_mode", "agent_status", "protect_status",
			"protect_dir_num", "rasp_protect_status", "anti_tampering_times", "detect_tampering_times", "protect_dir",
			"exclude_child_dir", "exclude_file_list", "local_backup_dir", "exclude_file_type", "dir_protect_status", "error"},
		ColumnsSource: "the SDK's model of export_headers (ExportWebTamperHostRequestInfo)",
		Params: []Param{
			{Name: "export_size", In: InBody, Type: Int, Required: true, Min: n(1), Max: n(200000)},
			{Name: "host_id", In: InBody, Type: String, Min: n(1), Max: n(64)},
			{Name: "host_id_list", In: InBody, Type: StringList},
			{Name: "host_name", In: InBody, Type: String, Min: n(1), Max: n(256)},
			{Name: "public_ip", In: InBody, Type: String, Min: n(1), Max: n(256)},
			{Name: "private_ip", In: InBody, Type: String, Min: n(1), Max: n(128)},
			{Name: "os_type", In: InBody, Type: String, Enum: []string{"Linux", "Windows"}},
			{Name: "asset_value", In: InBody, Type: String, Enum: assetValues},
			{Name: "group_name", In: InBody, Type: String, Max: n(256)},
			{Name: "agent_status", In: InBody, Type: String, Enum: []string{"not_installed", "online", "offline"}},
			{Name: "rasp_protect_status", In: InBody, Type: String, Enum: []string{"opened", "closed"}},
			{Name: "wtp_status", In: InBody, Type: String, Enum: []string{"opening", "opened", "open_failed", "partial_protection", "protection_interruption"}},
		},
		// The SDK's model still has these, each marked deprecated there.
		Deprecated: []Deprecated{{"agent_id", "host_id"}, {"protect_status", "wtp_status"},
			{"offset", "export_size"}, {"limit", "export_size"}}},
	{Name: "operational_report", Operation: "ExportTaskInfo", Path: "/export-task",
		Description: "The monthly operational report. Its task is polled at the generic status endpoint (the API reference names none).",
		Headers:     NoHeaders,
		// An inference: ShowLatestExportTaskByType shares this operation's
		// path, and the body's type is the only export type documented.
		TaskType: "operational-report",
		Params: []Param{
			{Name: "type", In: InBody, Type: String, Required: true, Enum: []string{"operational-report"}, Default: "operational-report"},
			{Name: "operational_report_data", In: InBody, Type: Object, Required: true, Fields: []Param{
				{Name: "report_id", Type: String, Required: true, Min: n(1), Max: n(32)}}},
		}},
}
