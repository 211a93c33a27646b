package hss_test

import (
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

func TestExportTaskURL(t *testing.T) {
	cases := []struct {
		name string
		cfg  hss.Config
		q    hss.ExportTaskQuery
		want string
	}{
		{"the region picks the default endpoint",
			hss.Config{Region: "cn-north-4"}, hss.ExportTaskQuery{TaskID: "t1"},
			"https://hss.cn-north-4.myhuaweicloud.com/v5/p1/export-task/t1"},
		{"a query's region overrides the client's",
			hss.Config{Region: "cn-north-4"}, hss.ExportTaskQuery{TaskID: "t1", Region: "ap-southeast-1"},
			"https://hss.ap-southeast-1.myhuaweicloud.com/v5/p1/export-task/t1"},
		{"eu-west-101 lives under myhuaweicloud.eu",
			hss.Config{Region: "eu-west-101"}, hss.ExportTaskQuery{TaskID: "t1"},
			"https://hss.eu-west-101.myhuaweicloud.eu/v5/p1/export-task/t1"},
		{"an explicit cloud wins, even for eu-west-101",
			hss.Config{Region: "eu-west-101", Cloud: "example.net"}, hss.ExportTaskQuery{TaskID: "t1"},
			"https://hss.eu-west-101.example.net/v5/p1/export-task/t1"},
		{"an explicit endpoint wins over the region, its path kept as a prefix",
			hss.Config{Region: "cn-north-4", Endpoint: "https://gw.example.com/hss/"}, hss.ExportTaskQuery{TaskID: "t1", Region: "cn-east-3"},
			"https://gw.example.com/hss/v5/p1/export-task/t1"},
		{"a percent in the task id is escaped, never decoded",
			hss.Config{Region: "cn-north-4"}, hss.ExportTaskQuery{TaskID: "a%2Fb"},
			"https://hss.cn-north-4.myhuaweicloud.com/v5/p1/export-task/a%252Fb"},
		{"non-ASCII task ids are escaped",
			hss.Config{Region: "cn-north-4"}, hss.ExportTaskQuery{TaskID: "任务"},
			"https://hss.cn-north-4.myhuaweicloud.com/v5/p1/export-task/%E4%BB%BB%E5%8A%A1"},
		{"the enterprise project is sent only when set, escaped",
			hss.Config{Region: "cn-north-4"}, hss.ExportTaskQuery{TaskID: "t1", EnterpriseProjectID: "a&b=c"},
			"https://hss.cn-north-4.myhuaweicloud.com/v5/p1/export-task/t1?enterprise_project_id=a%26b%3Dc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.ProjectID = "p1"
			c.cfg.Auth = hss.TokenAuth{Token: "x"}
			client, err := hss.NewClient(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			u, err := client.ExportTaskURL(c.q)
			if err != nil {
				t.Fatal(err)
			}
			if u.String() != c.want {
				t.Errorf("URL = %s\nwant  %s", u, c.want)
			}
		})
	}
}

func TestValidateTaskID(t *testing.T) {
	cases := []struct {
		name, id, wantErr string
	}{
		{"a UUID is valid", "94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2", ""},
		{"64 characters are valid", strings.Repeat("a", 64), ""},
		{"64 multi-byte characters are valid", strings.Repeat("任", 64), ""},
		{"a percent is valid (it is escaped)", "a%2Fb", ""},
		{"empty is rejected", "", "must not be empty"},
		{"65 characters are rejected", strings.Repeat("a", 65), "at most 64"},
		{"a dot is rejected", ".", `must not be "."`},
		{"two dots are rejected", "..", `must not be ".."`},
		{"a slash is rejected", "a/b", `'/'`},
		{"a question mark is rejected", "a?b", `'?'`},
		{"a hash is rejected", "a#b", `'#'`},
		{"a space is rejected", "a b", "whitespace"},
		{"a newline is rejected", "a\nb", "whitespace"},
		{"a control character is rejected", "a\x01b", "control"},
		{"invalid UTF-8 is rejected", "a\xffb", "UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := hss.ValidateTaskID(c.id)
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("err = %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}

func TestNewClient_RejectsBadConfig(t *testing.T) {
	ok := hss.Config{ProjectID: "p", Region: "cn-north-4", Auth: hss.TokenAuth{Token: "t"}}
	cases := []struct {
		name    string
		mutate  func(*hss.Config)
		wantErr string
	}{
		{"no credentials", func(c *hss.Config) { c.Auth = nil }, "no credentials"},
		{"no project and no region to look it up by", func(c *hss.Config) { c.ProjectID, c.Region, c.Endpoint = "", "", "https://h" }, "no region to look it up by"},
		{"a password with no way to reach IAM", func(c *hss.Config) {
			c.Region, c.Endpoint, c.Auth = "", "https://h", nil
			c.Password = &hss.PasswordCredentials{UserID: "u", Password: "p"}
		}, "set a region or an auth_url"},
		{"a password and a token", func(c *hss.Config) { c.Password = &hss.PasswordCredentials{UserName: "u"} }, "both a password"},
		{"an auth_url with a query", func(c *hss.Config) { c.AuthURL = "https://iam.example.com/v3?x" }, "auth_url"},
		{"no region and no endpoint", func(c *hss.Config) { c.Region = "" }, "no region"},
		{"a region that is not a host label", func(c *hss.Config) { c.Region = "cn-north-4.evil.com/x" }, "region id"},
		{"an endpoint without scheme", func(c *hss.Config) { c.Endpoint = "hss.example.com" }, "absolute URL"},
		{"an endpoint of another scheme", func(c *hss.Config) { c.Endpoint = "ftp://hss.example.com" }, "absolute URL"},
		{"an endpoint with a query", func(c *hss.Config) { c.Endpoint = "https://hss.example.com/?a=b" }, "query"},
		{"an endpoint with a fragment", func(c *hss.Config) { c.Endpoint = "https://hss.example.com/#x" }, "fragment"},
		{"an endpoint with user info", func(c *hss.Config) { c.Endpoint = "https://u:p@hss.example.com" }, "user info"},
		{"a cloud that is not a domain", func(c *hss.Config) { c.Cloud = "exa mple" }, "domain name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := ok
			c.mutate(&cfg)
			_, err := hss.NewClient(cfg)
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}

func TestRedactHeaders(t *testing.T) {
	h := map[string][]string{
		"Authorization":    {"SDK-HMAC-SHA256 Access=AKID, SignedHeaders=host;x-sdk-date, Signature=abcdef"},
		"X-Auth-Token":     {"tok"},
		"X-Security-Token": {"st"},
		"X-Project-Id":     {"p1"},
	}
	got := hss.RedactHeaders(h)
	want := "Authorization: SDK-HMAC-SHA256 Access=***, SignedHeaders=host;x-sdk-date, Signature=***, " +
		"X-Auth-Token: ***, X-Project-Id: p1, X-Security-Token: ***"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
