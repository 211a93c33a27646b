package provider

import "testing"

// Who wants the provider's log lines: a TF_LOG* variable set to a level,
// not one set to OFF (which a user sets to silence the provider).
func TestLoggingWantedBy(t *testing.T) {
	cases := []struct {
		name    string
		environ []string
		want    bool
	}{
		{"nothing set", []string{"HOME=/root", "TF_CLI_CONFIG_FILE=x"}, false},
		{"TF_LOG", []string{"TF_LOG=TRACE"}, true},
		{"a test's log path", []string{"TF_ACC_LOG_PATH=/tmp/log"}, true},
		{"only TF_LOG_PROVIDER=OFF", []string{"TF_LOG_PROVIDER=OFF"}, false},
		{"every level OFF", []string{"TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=off", "TF_LOG_PROVIDER=OFF"}, false},
		{"OFF for the SDK, a level for the provider", []string{"TF_LOG_SDK=OFF", "TF_LOG_PROVIDER=DEBUG"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := loggingWantedBy(c.environ); got != c.want {
				t.Errorf("loggingWantedBy(%v) = %v, want %v", c.environ, got, c.want)
			}
		})
	}
}
