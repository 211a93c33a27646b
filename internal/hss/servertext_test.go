package hss_test

import (
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

func TestServerText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain text is kept", "vul_export_task 中文", "vul_export_task 中文"},
		{"a colour sequence is removed", "a\x1b[31;1mred\x1b[0m", "ared"},
		{"a title sequence ended by BEL is removed", "x\x1b]0;pwned\x07y", "xy"},
		{"a title sequence ended by ESC \\ is removed", "x\x1b]0;pwned\x1b\\y", "xy"},
		{"C0, DEL and C1 controls are removed", "a\rb\x00c\x7fd\u0085e\u009bf\nz", "abcdefz"},
		{"a lone escape at the end is removed", "end\x1b", "end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hss.ServerText(tc.in); got != tc.want {
				t.Errorf("ServerText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
