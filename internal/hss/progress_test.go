package hss

import (
	"context"
	"strings"
	"testing"
	"time"
)

type infoLines struct {
	msgs   []string
	fields []map[string]any
}

func (l *infoLines) Info(_ context.Context, msg string, f map[string]any) {
	l.msgs, l.fields = append(l.msgs, msg), append(l.fields, f)
}
func (l *infoLines) Debug(context.Context, string, map[string]any) {}
func (l *infoLines) Trace(context.Context, string, map[string]any) {}

// steppingReader hands out 1 MB a read, and the clock moves 4 seconds.
type steppingReader struct {
	clock *time.Time
	left  int
}

func (r *steppingReader) Read(b []byte) (int, error) {
	if r.left == 0 {
		return 0, nil
	}
	r.left--
	*r.clock = r.clock.Add(4 * time.Second)
	return min(len(b), 1e6), nil
}

// A download logs its progress at INFO about every ProgressEvery (here at
// 12 s and 24 s of a 28 s download), with the bytes so far, the rate and
// the time it has taken.
func TestProgressReader(t *testing.T) {
	clock := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	log := &infoLines{}
	p := &progressReader{r: &steppingReader{clock: &clock, left: 7}, ctx: context.Background(), log: log,
		now: func() time.Time { return clock }, fileID: "f-1"}
	buf := make([]byte, 1e6)
	for range 7 {
		if _, err := p.Read(buf); err != nil {
			t.Fatal(err)
		}
	}
	if len(log.fields) != 2 {
		t.Fatalf("%d INFO lines, want 2: %v", len(log.fields), log.fields)
	}
	for i, want := range []struct {
		bytes         int64
		rate, elapsed string
	}{{3e6, "0.2", "12s"}, {6e6, "0.2", "24s"}} {
		f := log.fields[i]
		if !strings.Contains(log.msgs[i], "f-1") || f["bytes"] != want.bytes || f["rate_mb_per_s"] != want.rate || f["elapsed"] != want.elapsed {
			t.Errorf("line %d: %v, want %+v", i, f, want)
		}
	}
}
