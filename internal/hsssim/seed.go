package hsssim

import (
	"fmt"
	"reflect"
	"strings"
)

// seedKeys describes every key of a seed file (Config as JSON), by the
// path hss-simulator -h prints it under. TestSeedDoc_CoversTheConfig
// fails when Config and its parts gain a key this lacks, or lose one it has.
var seedKeys = map[string]string{
	"project_id":                              "the only project id the credentials may use (required, here or with -project-id)",
	"tokens":                                  "IAM tokens accepted in X-Auth-Token",
	"credentials":                             "access key pairs accepted in SDK-HMAC-SHA256 signatures",
	"credentials[].access_key":                "the access key id",
	"credentials[].secret_key":                "its secret key",
	"credentials[].security_token":            "with temporary keys, the X-Security-Token they must come with",
	"domain_id":                               "the account of the credentials, which IAM calls signed with them name in X-Domain-Id (default " + DefaultDomainID + ")",
	"tasks":                                   "export tasks that exist",
	"tasks[].task_id":                         "its id, 1 to 64 characters",
	"tasks[].task_name":                       "its name",
	"tasks[].task_status":                     `"running", "success" or "failure"`,
	"tasks[].file_id":                         "with success, the id of its file (downloadable from the simulator)",
	"tasks[].file_name":                       "with success, the name HSS gives the file",
	"tasks[].enterprise_project_id":           `its enterprise project (default "0")`,
	"tasks[].running_polls":                   "how many reads answer \"running\" before task_status shows",
	"tasks[].running_seconds":                 "how long after start the task answers \"running\"",
	"tasks[].kind":                            "the export kind that made it (hss_export's kind); events are read at their own status endpoint",
	"baseline_checks":                         "configuration check results, one rule on one host each, for the report (hss_baseline_check_report)",
	"baseline_checks[].host_id":               "the host's id",
	"baseline_checks[].host_name":             "its name",
	"baseline_checks[].host_public_ip":        "its public IP",
	"baseline_checks[].host_private_ip":       "its private IP",
	"baseline_checks[].check_type":            "the check's type, such as SSH",
	"baseline_checks[].check_name":            "the check's name, such as CentOS 7",
	"baseline_checks[].standard":              "cn_standard, hw_standard or cis_standard",
	"baseline_checks[].check_rule_name":       "the rule's name",
	"baseline_checks[].executable_file_path":  "the checked file's path",
	"baseline_checks[].severity":              "Low, Medium or High",
	"baseline_checks[].scan_result":           "pass or failed",
	"baseline_checks[].status":                "safe, ignored or unhandled",
	"baseline_checks[].check_rule_desc":       "the rule's description",
	"baseline_checks[].audit":                 "how it is audited",
	"baseline_checks[].remediation":           "how to fix it",
	"baseline_checks[].check_info_list":       "its test cases, as one string",
	"baseline_checks[].create_time":           "when it was first checked, in milliseconds",
	"baseline_checks[].enterprise_project_id": `the host's enterprise project (default "0"), for the report's filter`,
	"baseline_checks[].group_id":              "the host's server group, for the report's filter",
	"users":                                   "IAM users who may get a token with a password",
	"users[].name":                            "user name",
	"users[].id":                              "user id (a login may name it instead)",
	"users[].password":                        "password",
	"users[].domain_name":                     "account name",
	"users[].domain_id":                       "account id",
	"projects":                                "IAM projects, for the project lookup from a region",
	"projects[].id":                           "project id",
	"projects[].name":                         "region id it is named after, such as cn-north-4",
	"agencies":                                "agencies any authenticated caller may assume (temporary keys)",
	"agencies[].name":                         "agency name",
	"agencies[].domain_name":                  "account that owns it",
	"agencies[].domain_id":                    "account id that owns it",
	"throttle_rate":                           "share of HSS requests answered 429 APIGW.0308, 0 to 1 (decided per request and attempt)",
	"throttle_retry_after":                    "Retry-After of those answers, in seconds",
	"export_running_polls":                    "how many status reads a started export answers \"running\" before it finishes",
	"file_size":                               "about how large an exported file is, in bytes",
}

// SeedDoc documents the seed file, key by key, in the order of Config.
func SeedDoc() string {
	var b strings.Builder
	for _, k := range seedPaths(reflect.TypeFor[Config](), "") {
		fmt.Fprintf(&b, "  %-32s %s\n", k, seedKeys[k])
	}
	return b.String()
}

// seedPaths lists the JSON keys of t, and of the structs its lists hold.
func seedPaths(t reflect.Type, prefix string) []string {
	var paths []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		paths = append(paths, prefix+name)
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			paths = append(paths, seedPaths(f.Type.Elem(), prefix+name+"[].")...)
		}
	}
	return paths
}
