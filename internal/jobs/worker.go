// Package jobs runs Console's durable background work: jobs are rows in the
// database, inserted in the transaction of the change that causes them, so
// a restart loses nothing; a worker claims each due job with a lease,
// retries failures with growing delays, and gives up after MaxAttempts.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// Handler does one job. An error wrapped with Permanent is not retried.
type Handler func(ctx context.Context, job *store.Job) error

// Worker claims and runs jobs until its context ends.
type Worker struct {
	Store   *store.Store
	Handle  Handler
	Now     func() time.Time
	Log     *slog.Logger
	Poll    time.Duration // how often to look for due jobs when not woken
	Lease   time.Duration // how long a claimed job is ours before another worker may take it
	Timeout time.Duration // bound on one attempt
	wake    chan struct{}
}

// NewWorker returns a worker with Console's defaults.
func NewWorker(st *store.Store, handle Handler, now func() time.Time, log *slog.Logger) *Worker {
	return &Worker{Store: st, Handle: handle, Now: now, Log: log, Poll: time.Second,
		Lease: 5 * time.Minute, Timeout: time.Minute, wake: make(chan struct{}, 1)}
}

// Wake asks the worker to look for jobs now, e.g. right after a commit
// that inserted one. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-timer.C:
		}
		for ctx.Err() == nil && w.RunOne(ctx) {
		}
		timer.Reset(w.Poll)
	}
}

// claimTimeout bounds the claim of a job.
const claimTimeout = 30 * time.Second

// RunOne claims and runs one due job; it reports whether there was one.
// A database that does not answer within claimTimeout is given up on
// until the next poll.
func (w *Worker) RunOne(ctx context.Context) bool {
	now := w.Now()
	var job *store.Job
	claimCtx, cancel := context.WithTimeout(ctx, claimTimeout)
	err := w.Store.Tx(claimCtx, func(q *store.Queries) (err error) {
		job, err = q.ClaimJob(claimCtx, now, now.Add(w.Lease))
		return err
	})
	cancel()
	if console.KindOf(err) == console.KindNotFound {
		return false
	}
	if err != nil {
		if ctx.Err() == nil {
			w.Log.Error("claiming job", "err", err)
		}
		return false
	}
	w.finish(ctx, job, w.attempt(ctx, job))
	return true
}

func (w *Worker) attempt(ctx context.Context, job *store.Job) (err error) {
	ctx, cancel := context.WithTimeout(ctx, w.Timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return w.Handle(ctx, job)
}

// finish records the outcome of an attempt.
func (w *Worker) finish(ctx context.Context, job *store.Job, err error) {
	// Record the outcome even while shutting down, so the job is not left
	// running until its lease ends.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := w.Now()
	log := w.Log.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempts)
	werr := w.Store.Tx(ctx, func(q *store.Queries) error {
		switch {
		case err == nil:
			return q.CompleteJob(ctx, job.ID, now)
		case IsPermanent(err) || job.Attempts >= job.MaxAttempts:
			log.Error("job failed for good", "err", err)
			return q.FailJob(ctx, job.ID, now, err.Error())
		default:
			next := now.Add(Backoff(job.Attempts))
			log.Warn("job failed; will retry", "err", err, "at", next)
			return q.RetryJob(ctx, job.ID, next, err.Error())
		}
	})
	if werr != nil {
		log.Error("recording job outcome", "err", werr)
	}
}

// Backoff is the delay before retrying after the given attempt: 2s, 17s,
// 82s, 4m17s... (attempt⁴ + 1 seconds), at most an hour.
func Backoff(attempt int) time.Duration {
	d := time.Duration(attempt*attempt*attempt*attempt+1) * time.Second
	return min(d, time.Hour)
}

type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
