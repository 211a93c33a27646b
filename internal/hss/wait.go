package hss

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// WaitPolicy shapes how WaitForExportTask polls: the first interval, doubled
// after each poll up to MaxInterval, with jitter that never goes below
// MinInterval. A Retry-After on a running answer replaces the interval.
type WaitPolicy struct {
	FirstInterval time.Duration
	MaxInterval   time.Duration
	MinInterval   time.Duration
}

// DefaultWaitPolicy polls after about 1, 2, 4, 8, then every 10 seconds: a
// task that finishes after T seconds is seen within one interval of T, with
// about log2(10) + T/10 polls.
func DefaultWaitPolicy() WaitPolicy {
	return WaitPolicy{FirstInterval: time.Second, MaxInterval: 10 * time.Second, MinInterval: 500 * time.Millisecond}
}

// TaskFailedError is an export task that ended with status "failure".
type TaskFailedError struct {
	Task *ExportTask
}

func (e *TaskFailedError) Error() string {
	msg := fmt.Sprintf("HSS export task %s failed", e.Task.TaskID)
	if e.Task.TaskName != "" {
		msg += fmt.Sprintf(" (task name %q)", e.Task.TaskName)
	}
	if e.Task.RequestID != "" {
		msg += "; request id " + e.Task.RequestID
	}
	return msg
}

// WaitTimeoutError is a task still running when the wait's deadline came.
type WaitTimeoutError struct {
	// Last is the last answer, whose status was still "running".
	Last *ExportTask
	// Waited is how long the wait lasted; Polls how many reads it made.
	Waited time.Duration
	Polls  int
}

func (e *WaitTimeoutError) Error() string {
	msg := fmt.Sprintf("HSS export task %s was still running after %s (%d polls)",
		e.Last.TaskID, e.Waited.Round(100*time.Millisecond), e.Polls)
	if e.Last.RequestID != "" {
		msg += "; last request id " + e.Last.RequestID
	}
	return msg
}

// WaitForExportTask reads the task until its status is no longer
// "running" (see poll). It returns the finished task, a *TaskFailedError
// for "failure", a *WaitTimeoutError when ctx's deadline comes first, or
// the read's error.
func (c *Client) WaitForExportTask(ctx context.Context, q ExportTaskQuery, p WaitPolicy) (*ExportTask, error) {
	elsewhere := ""
	return c.waitForTask(ctx, q.TaskID, p, func(ctx context.Context) (*ExportTask, error) {
		task, err := c.GetExportTask(ctx, q)
		if err != nil {
			return nil, err
		}
		// Where the first read found it, the others look; what the first
		// found elsewhere is still said at the end.
		q.At = task.At
		if task.Elsewhere != "" {
			elsewhere = task.Elsewhere
		}
		task.Elsewhere = elsewhere
		return task, nil
	})
}

// waitForTask polls read until the task it reads has finished.
func (c *Client) waitForTask(ctx context.Context, taskID string, p WaitPolicy, read func(context.Context) (*ExportTask, error)) (*ExportTask, error) {
	var last *ExportTask
	polls, err := poll(ctx, c.t, p, "HSS export task "+taskID, func(ctx context.Context) (bool, time.Duration, error) {
		task, err := read(ctx)
		if err != nil {
			return false, 0, err
		}
		last = task
		return task.TaskStatus != StatusRunning, task.RetryAfter, nil
	})
	var timeout *pollTimeout
	switch {
	case errors.As(err, &timeout) && last != nil:
		return nil, &WaitTimeoutError{Last: last, Waited: timeout.waited, Polls: polls}
	case err != nil:
		return nil, err
	case last.TaskStatus == StatusFailure:
		return last, &TaskFailedError{Task: last}
	}
	return last, nil
}

// poll calls check until it says done: at once, then after each interval
// of p (doubled up to p.MaxInterval, with jitter, never below
// p.MinInterval), or after the Retry-After check returns. Throttling and
// transient failures are retried inside each check, without ending the
// wait; a check's error ends it. It returns how many checks said "not
// yet", and a *pollTimeout when ctx's deadline came first; what names the
// thing waited for, in logs and errors.
func poll(ctx context.Context, t *transport, p WaitPolicy, what string,
	check func(context.Context) (done bool, retryAfter time.Duration, err error)) (int, error) {
	start := t.retry.now()
	var logged time.Time // when progress was last logged at INFO
	interval := p.FirstInterval
	for polls := 1; ; polls++ {
		done, retryAfter, err := check(ctx)
		if err != nil {
			if polls > 1 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return polls - 1, &pollTimeout{waited: t.retry.now().Sub(start)}
			}
			return polls, err
		}
		if done {
			return polls, nil
		}
		wait := retryAfter
		if wait <= 0 {
			wait = max(t.retry.jitter(interval), p.MinInterval)
		}
		if t.log != nil {
			now := t.retry.now()
			fields := map[string]any{"polls": polls, "elapsed": now.Sub(start).Round(time.Second).String(),
				"next_poll_at": now.Add(wait).UTC().Format(time.RFC3339)}
			if now.Sub(logged) >= ProgressEvery {
				logged = now
				t.log.Info(ctx, what+" still running", fields)
			} else {
				t.log.Debug(ctx, what+" still running", fields)
			}
		}
		if err := t.retry.sleep(ctx, wait); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return polls, &pollTimeout{waited: t.retry.now().Sub(start)}
			}
			return polls, fmt.Errorf("waiting for %s stopped after %d polls: %w", what, polls, err)
		}
		interval = min(2*interval, p.MaxInterval)
	}
}

// pollTimeout is a wait whose deadline came before the thing was done.
type pollTimeout struct{ waited time.Duration }

func (e *pollTimeout) Error() string { return "still not finished after " + e.waited.String() }
