package serve

import (
	"os"
	"time"
)

// ExitWithParent ends the process once the process that started it is
// gone. Terraform killed with SIGKILL cannot stop its providers, and
// neither go-plugin nor tf6server notices (the provider's stdin is
// Terraform's own, the terminal, and is never read), so without this an
// orphaned provider stays, idle, until go-plugin's timeouts end it half an
// hour later. A provider whose parent is already init (a container's
// entrypoint) has nothing to watch.
func ExitWithParent(every time.Duration) {
	go watchParent(every, os.Getppid, func() { os.Exit(1) })
}

func watchParent(every time.Duration, getppid func() int, exit func()) {
	parent := getppid()
	if parent == 1 {
		return
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for range tick.C {
		if getppid() != parent {
			exit()
			return
		}
	}
}
