package hss_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// fakeClock is shared by the client and the simulator: sleeping advances
// it, so waits of minutes take no time and are measured exactly.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.t = c.t.Add(d)
	return ctx.Err()
}

func newWaitFixture(t *testing.T, task hsssim.Task) (*hss.Client, *hsssim.Simulator, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)}
	sim := hsssim.New(hsssim.Config{ProjectID: project, Tokens: []string{token}, Now: clock.now})
	sim.AddTask(task)
	srv := newServer(t, sim)
	c := newClient(t, srv, hss.TokenAuth{Token: token})
	hss.SetNowForTest(c, clock.now)
	hss.SetSleepForTest(c, clock.sleep)
	hss.SetJitterForTest(c, func(d time.Duration) time.Duration { return d })
	return c, sim, clock
}

func TestWaitForExportTask_PollSchedule(t *testing.T) {
	t.Run("polls after 1, 2, 4, 8, then every 10 seconds", func(t *testing.T) {
		c, _, clock := newWaitFixture(t, hsssim.Task{ID: taskID, Status: "success", FileID: "f", RunningSeconds: 30})
		task, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy())
		if err != nil || task.FileID != "f" {
			t.Fatalf("task = %+v, err = %v", task, err)
		}
		want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
		if !equalDurations(clock.waits, want) {
			t.Fatalf("waits = %v, want %v", clock.waits, want)
		}
	})

	for _, finish := range []float64{0, 0.5, 3, 10, 16, 30, 95, 300} {
		t.Run("a task done after "+time.Duration(finish*float64(time.Second)).String()+" is seen within one interval, in about log2(10) + T/10 polls", func(t *testing.T) {
			c, sim, clock := newWaitFixture(t, hsssim.Task{ID: taskID, Status: "success", RunningSeconds: finish})
			start := clock.now()
			_, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy())
			if err != nil {
				t.Fatal(err)
			}
			seen := clock.now().Sub(start).Seconds()
			lastInterval := 0.0
			if n := len(clock.waits); n > 0 {
				lastInterval = clock.waits[n-1].Seconds()
			}
			if seen < finish || seen > finish+lastInterval {
				t.Errorf("seen done at %.1fs, want within [%.1f, %.1f]", seen, finish, finish+lastInterval)
			}
			if polls, limit := sim.RequestCount(), int(math.Ceil(math.Log2(10)+finish/10))+1; polls > limit {
				t.Errorf("%d polls, want at most %d", polls, limit)
			}
		})
	}
}

func TestWaitForExportTask_Outcomes(t *testing.T) {
	t.Run("a failed task is a TaskFailedError naming the task and the request", func(t *testing.T) {
		c, _, _ := newWaitFixture(t, hsssim.Task{ID: taskID, Name: "vul_export", Status: "failure", RunningPolls: 2})
		_, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy())
		var failed *hss.TaskFailedError
		if !errors.As(err, &failed) || !strings.Contains(err.Error(), `HSS export task `+taskID+` failed (task name "vul_export"); request id sim-00000003`) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("a Retry-After on a running answer sets the next interval", func(t *testing.T) {
		c, sim, clock := newWaitFixture(t, hsssim.Task{ID: taskID, Status: "success"})
		sim.Inject(hsssim.Fault{Status: 200, RetryAfter: "7", Body: `{"task_id":"` + taskID + `","task_status":"running"}`})
		if _, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy()); err != nil {
			t.Fatal(err)
		}
		if len(clock.waits) != 1 || clock.waits[0] != 7*time.Second {
			t.Errorf("waits = %v, want [7s]", clock.waits)
		}
	})

	t.Run("throttling while polling is retried without ending the wait", func(t *testing.T) {
		c, sim, _ := newWaitFixture(t, hsssim.Task{ID: taskID, Status: "success", RunningPolls: 2})
		sim.Inject(hsssim.Fault{Status: 429, RetryAfter: "1", Count: 2})
		task, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy())
		if err != nil || task.TaskStatus != "success" || sim.RequestCount() != 5 {
			t.Fatalf("task = %+v, err = %v, requests = %d", task, err, sim.RequestCount())
		}
	})

	t.Run("jitter never brings an interval under the minimum", func(t *testing.T) {
		c, _, clock := newWaitFixture(t, hsssim.Task{ID: taskID, Status: "success", RunningPolls: 3})
		hss.SetJitterForTest(c, func(time.Duration) time.Duration { return time.Millisecond })
		if _, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy()); err != nil {
			t.Fatal(err)
		}
		for _, w := range clock.waits {
			if w != 500*time.Millisecond {
				t.Errorf("waits = %v, want every one 500ms", clock.waits)
				break
			}
		}
	})
}

func TestWaitForExportTask_DeadlineAndCancel(t *testing.T) {
	fast := hss.WaitPolicy{FirstInterval: 20 * time.Millisecond, MaxInterval: 50 * time.Millisecond, MinInterval: 10 * time.Millisecond}

	t.Run("a task still running at the deadline is a WaitTimeoutError, on time", func(t *testing.T) {
		_, srv := newSim(t, hsssim.Task{ID: taskID, Name: "n", Status: "success", RunningPolls: 1 << 30})
		c, err := hss.NewClient(hss.Config{Endpoint: srv.URL, ProjectID: project, Auth: hss.TokenAuth{Token: token}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err = c.WaitForExportTask(ctx, hss.ExportTaskQuery{TaskID: taskID}, fast)
		var timeout *hss.WaitTimeoutError
		// How many polls fit in 300ms depends on the machine; one at least.
		if !errors.As(err, &timeout) || timeout.Polls < 1 || !strings.Contains(err.Error(), "still running after") {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d > 30*time.Second { // generous: only a wait that ignores its deadline is this late
			t.Errorf("returned after %v, want about 300ms", d)
		}
	})

	t.Run("cancelling during a wait returns at once", func(t *testing.T) {
		_, srv := newSim(t, hsssim.Task{ID: taskID, Status: "success", RunningPolls: 1 << 30})
		c, err := hss.NewClient(hss.Config{Endpoint: srv.URL, ProjectID: project, Auth: hss.TokenAuth{Token: token}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err = c.WaitForExportTask(ctx, hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy())
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d > 30*time.Second { // generous: a wait that ignores cancellation is endless
			t.Errorf("returned after %v", d)
		}
	})
}

// A long wait logs at INFO about every ProgressEvery (the other polls at
// DEBUG), with the polls so far and the time of the next one.
func TestWaitForExportTask_LogsProgress(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)}
	sim := hsssim.New(hsssim.Config{ProjectID: project, Tokens: []string{token}, Now: clock.now})
	sim.AddTask(hsssim.Task{ID: taskID, Status: "success", FileID: "f", RunningSeconds: 45})
	log := &recordingLogger{}
	c := newClient(t, newServer(t, sim), hss.TokenAuth{Token: token}, func(cfg *hss.Config) { cfg.Logger = log })
	hss.SetNowForTest(c, clock.now)
	hss.SetSleepForTest(c, clock.sleep)
	hss.SetJitterForTest(c, func(d time.Duration) time.Duration { return d })
	if _, err := c.WaitForExportTask(context.Background(), hss.ExportTaskQuery{TaskID: taskID}, hss.DefaultWaitPolicy()); err != nil {
		t.Fatal(err)
	}
	// Still running at 0, 1, 3, 7, 15, 25 and 35 s: INFO at 0, 15, 25, 35.
	var infos []string
	for _, l := range log.lines {
		if strings.HasPrefix(l, "INFO ") {
			infos = append(infos, l)
		}
	}
	if len(infos) != 4 {
		t.Fatalf("%d INFO lines, want 4:\n%s", len(infos), strings.Join(infos, "\n"))
	}
	for i, want := range []string{"elapsed=0s", "elapsed=15s", "elapsed=25s", "elapsed=35s"} {
		if !strings.Contains(infos[i], want) || !strings.Contains(infos[i], "next_poll_at=2026-11-29T10:") || !strings.Contains(infos[i], "still running") {
			t.Errorf("INFO line %d: %s, want %s and the next poll's time", i, infos[i], want)
		}
	}
}
