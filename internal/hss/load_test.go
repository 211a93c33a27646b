package hss_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// 1,000 reads, 10 at a time as Terraform runs them, against a gateway that
// throttles 30% of requests: every read succeeds through its retries, the
// retries stay near the expected 0.3/0.7 per read, connections are reused,
// and goleak (TestMain) finds no goroutine left behind.
func TestGetExportTask_ThousandReadsUnderThrottling(t *testing.T) {
	const reads, parallelism, maxRetries = 1000, 10, 10
	sim := hsssim.New(hsssim.Config{ProjectID: project, Tokens: []string{token}, ThrottleRate: 0.3})
	for i := range reads {
		sim.AddTask(hsssim.Task{ID: fmt.Sprintf("task-%04d", i), Name: "n", Status: "success", FileID: "f"})
	}
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(sim)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL, hss.TokenAuth{Token: token}, func(cfg *hss.Config) { cfg.MaxRetries = maxRetries })
	hss.SetSleepForTest(c, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })

	var failed, attempts atomic.Int64
	ids := make(chan string)
	var wg sync.WaitGroup
	for range parallelism {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				task, err := c.GetExportTask(context.Background(), hss.ExportTaskQuery{TaskID: id})
				if err != nil || task.TaskID != id {
					failed.Add(1)
					t.Errorf("read %s: %v", id, err)
					continue
				}
				attempts.Add(int64(task.Attempts))
			}
		}()
	}
	for i := range reads {
		ids <- fmt.Sprintf("task-%04d", i)
	}
	close(ids)
	wg.Wait()

	retries := attempts.Load() - reads
	t.Logf("%d reads, %d retries (%.2f per read), %d requests", reads, retries, float64(retries)/reads, sim.RequestCount())
	if failed.Load() > 0 {
		t.Fatalf("%d reads failed", failed.Load())
	}
	if int64(sim.RequestCount()) != attempts.Load() {
		t.Errorf("the simulator saw %d requests, the reads made %d", sim.RequestCount(), attempts.Load())
	}
	// Keep-alive holds about one connection per concurrent read (a request
	// may dial before the previous answer's connection is back in the pool,
	// hence the slack), not one per request.
	if n := conns.Load(); n > 2*parallelism {
		t.Errorf("%d connections for %d concurrent reads", n, parallelism)
	}
	// Expected 0.3/0.7 = 0.43 retries per read; allow for chance.
	if retries < 300 || retries > 600 {
		t.Errorf("%d retries for %d reads, want about 430", retries, reads)
	}
}
