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
// "running": the first read at once, then after each interval of p. It
// returns the finished task, a *TaskFailedError for "failure", a
// *WaitTimeoutError when ctx's deadline comes first, or the read's error.
// Throttling and transient failures are retried by each read, without
// ending the wait.
func (c *Client) WaitForExportTask(ctx context.Context, q ExportTaskQuery, p WaitPolicy) (*ExportTask, error) {
	start := c.retry.now()
	interval := p.FirstInterval
	var last *ExportTask
	for polls := 1; ; polls++ {
		task, err := c.GetExportTask(ctx, q)
		if err != nil {
			if last != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, &WaitTimeoutError{Last: last, Waited: c.retry.now().Sub(start), Polls: polls - 1}
			}
			return nil, err
		}
		switch task.TaskStatus {
		case StatusRunning:
		case StatusFailure:
			return task, &TaskFailedError{Task: task}
		default:
			return task, nil
		}
		last = task

		wait := task.RetryAfter
		if wait <= 0 {
			wait = max(c.retry.jitter(interval), p.MinInterval)
		}
		if c.log != nil {
			c.log.Debug(ctx, "HSS export task still running", map[string]any{
				"task_id": q.TaskID, "polls": polls, "next_poll_in": wait.String(),
			})
		}
		if err := c.retry.sleep(ctx, wait); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return nil, &WaitTimeoutError{Last: last, Waited: c.retry.now().Sub(start), Polls: polls}
			}
			return nil, fmt.Errorf("waiting for HSS export task %s stopped after %d polls: %w", q.TaskID, polls, err)
		}
		interval = min(2*interval, p.MaxInterval)
	}
}
