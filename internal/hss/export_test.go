package hss

import (
	"context"
	"time"
)

// Test hooks: replace time and chance in a client's retry policy.

func SetSleepForTest(c *Client, f func(context.Context, time.Duration) error) { c.t.retry.sleep = f }
func SetJitterForTest(c *Client, f func(time.Duration) time.Duration)         { c.t.retry.jitter = f }
func SetNowForTest(c *Client, f func() time.Time)                             { c.t.retry.now = f }
