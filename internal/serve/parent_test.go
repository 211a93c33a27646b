package serve

import (
	"sync/atomic"
	"testing"
	"time"
)

// The provider exits once its parent is gone (it is re-parented), and not
// before; started by init, it watches nothing.
func TestWatchParent(t *testing.T) {
	var ppid atomic.Int64
	ppid.Store(4242)
	polls := make(chan struct{}, 100)
	exited := make(chan struct{})
	getppid := func() int {
		select {
		case polls <- struct{}{}:
		default:
		}
		return int(ppid.Load())
	}
	go watchParent(time.Millisecond, getppid, func() { close(exited) })
	for range 3 { // the first read, then two polls with the parent alive
		<-polls
	}
	select {
	case <-exited:
		t.Fatal("exited while the parent lives")
	default:
	}
	ppid.Store(1)
	<-exited

	done := make(chan struct{})
	go func() {
		watchParent(time.Millisecond, func() int { return 1 }, func() { t.Error("exited under init") })
		close(done)
	}()
	<-done
}
