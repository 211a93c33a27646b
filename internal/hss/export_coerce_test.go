package hss_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// Filters passed through a map(string) variable or tomap() arrive as
// strings: one that spells a whole number or a bool exactly is taken as
// that value, in the body and in the query; anything else is still refused,
// naming the parameter and its range.
func TestStartExport_StringsThatSpellTheirType(t *testing.T) {
	sim, srv := newSim(t)
	c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
	ctx := context.Background()
	size := int64(10)
	_, err := c.StartExport(ctx, hss.ExportRequest{Kind: "baseline", ExportSize: &size, Headers: [][2]string{{"host_name", "Server"}},
		Filters: map[string]any{"category": "risk-config", "limit": "10", "offset": "0"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.StartExport(ctx, hss.ExportRequest{Kind: "events", Headers: [][2]string{{"event_name", "Alarm"}},
		Filters: map[string]any{"category": "host", "event_id": "e-1", "last_days": "7", "auto_block": "true",
			"event_types": []any{"1001", "1002"}}})
	if err != nil {
		t.Fatal(err)
	}
	exports := sim.Exports()
	body, _ := exports[0].Body.(map[string]any)
	if body["limit"] != float64(10) || body["offset"] != float64(0) {
		t.Errorf("the body holds limit %#v and offset %#v; want the numbers 10 and 0", body["limit"], body["offset"])
	}
	q := exports[1].Query
	if strings.Join(q["last_days"], ",") != "7" || strings.Join(q["auto_block"], ",") != "true" ||
		strings.Join(q["event_types"], ",") != "1001,1002" {
		t.Errorf("the query is %v", q)
	}

	for _, tc := range []struct{ name, value, want string }{
		{"not a number", "7 days", `last_days must be a whole number between 1 and 2147483647, got "7 days"`},
		{"a number with a fraction", "7.5", `last_days must be a whole number between 1 and 2147483647, got "7.5"`},
		{"a number written otherwise", "07", `last_days must be a whole number between 1 and 2147483647, got "07"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems := hss.ValidateExport(hss.ExportRequest{Kind: "events", Headers: [][2]string{{"a", "b"}},
				Filters: map[string]any{"category": "host", "event_id": "e", "last_days": tc.value}}, true)
			if len(problems) != 1 || problems[0].Error() != tc.want {
				t.Errorf("problems %v, want %q", problems, tc.want)
			}
		})
	}
}
