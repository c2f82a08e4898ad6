//go:build !linux

package loadgen

import (
	"context"
	"time"
)

// waiter sleeps until a request is due, on a Go timer: it may wake late
// by as much as the runtime's timer resolution, which the latencies of a
// paced run then include.
type waiter struct {
	ctx   context.Context
	timer *time.Timer
}

func newWaiter(ctx context.Context) (*waiter, error) {
	return &waiter{ctx: ctx, timer: time.NewTimer(time.Hour)}, nil
}

// until returns at t, or when the context given to newWaiter is done.
func (w *waiter) until(t time.Time) error {
	w.timer.Reset(time.Until(t))
	select {
	case <-w.timer.C:
		return nil
	case <-w.ctx.Done():
		return context.Cause(w.ctx)
	}
}

func (w *waiter) Close() error { w.timer.Stop(); return nil }
