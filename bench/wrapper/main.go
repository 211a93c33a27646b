// Command wrapper measures a provider process for the benchmark. Installed
// under a provider's name, it runs the real binary at real/<its own name>
// with the same arguments and standard streams, and when that exits writes
// the child's CPU time and peak RSS to $HSS_BENCH_RUSAGE_DIR/<pid>.json.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
)

// Usage is what the wrapper records of one provider process.
type Usage struct {
	UserNS    int64 `json:"user_ns"`
	SysNS     int64 `json:"sys_ns"`
	MaxRSSKiB int64 `json:"max_rss_kib"`
}

func main() {
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	cmd := exec.Command(filepath.Join(filepath.Dir(self), "real", filepath.Base(self)), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Terraform signals the whole process group; the provider handles it.
	signal.Ignore(os.Interrupt)
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		fail(runErr)
	}
	if dir := os.Getenv("HSS_BENCH_RUSAGE_DIR"); dir != "" {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			u := Usage{UserNS: syscall.TimevalToNsec(ru.Utime), SysNS: syscall.TimevalToNsec(ru.Stime), MaxRSSKiB: ru.Maxrss}
			b, _ := json.Marshal(u)
			_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.json", cmd.ProcessState.Pid())), b, 0o600)
		}
	}
	os.Exit(cmd.ProcessState.ExitCode())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench wrapper:", err)
	os.Exit(1)
}
