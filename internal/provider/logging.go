package provider

import (
	"context"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// loggingWanted says whether anyone will read the provider's logs:
// Terraform keeps a provider's log lines only when TF_LOG or one of its
// TF_LOG_* relatives is set to a level (terraform-plugin-testing uses
// TF_ACC_LOG_PATH and TF_LOG_PATH_MASK), and drops them otherwise after
// they have been formatted and sent down a pipe. A variable set to OFF
// asks for no lines. The answer is taken once, from the environment the
// process started with.
func loggingWanted() bool {
	wantLogsOnce.Do(func() { wantLogs = loggingWantedBy(os.Environ()) })
	return wantLogs
}

var (
	wantLogsOnce sync.Once
	wantLogs     bool
)

func loggingWantedBy(environ []string) bool {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value != "" && !strings.EqualFold(value, "off") && (strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_ACC_LOG")) {
			return true
		}
	}
	return false
}

// tflogLogger sends the client's log lines to Terraform's provider log. The
// client has masked every secret before a field gets here; when no one reads
// the log, the client is told so and builds no fields at all.
type tflogLogger struct{}

func (tflogLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	tflog.Info(ctx, msg, fields)
}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(ctx, msg, fields)
}
