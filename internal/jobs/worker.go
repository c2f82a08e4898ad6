// Package jobs runs Console's durable background work: jobs are rows in the
// database, inserted in the transaction of the change that causes them, so
// a restart loses nothing. A worker claims due jobs with a lease measured
// by the database's clock and runs several at once; every outcome it
// records is fenced on its claim, so a worker whose lease ran out cannot
// undo the work of the one that took over. Failures are retried with
// growing delays up to a job's attempts; a job whose worker keeps dying
// is failed after MaxAbandoned tries. Periodic work (Schedule) runs from
// the queue too, once per period whatever the number of instances.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"console/internal/metrics"
	"console/internal/store"
)

// Handler does one job. It may return a Commit, which the worker runs in
// the transaction that marks the job done: its writes happen if and only
// if the job completes under this claim. An error wrapped with Permanent
// is not retried.
type Handler func(ctx context.Context, job *store.Job) (Commit, error)

// Commit is the database side of a job's success (see Handler).
type Commit func(ctx context.Context, q *store.Queries) error

// FailureRecorder records a failed attempt of job in the transaction that
// schedules its retry (final false) or gives it up (final true), fenced
// like a Commit. Jobs failed as abandoned come through it too, final.
type FailureRecorder func(ctx context.Context, q *store.Queries, job *store.Job, err error, final bool) error

// Defaults of NewWorker. DefaultLease is how long the jobs of an instance
// that was killed wait before another takes them over: above an attempt's
// one-minute bound and the time to record its outcome.
const (
	DefaultConcurrency  = 8
	DefaultMaxAbandoned = 3
	DefaultLease        = 2 * time.Minute
)

// Worker claims and runs jobs until its context ends.
type Worker struct {
	Store   *store.Store
	Handle  Handler
	Failed  FailureRecorder // optional
	Log     *slog.Logger
	Now     func() time.Time // names the periods of Schedules
	Poll    time.Duration    // how often to look for due jobs when not woken
	Lease   time.Duration    // how long a claim holds before another worker may take the job
	Timeout time.Duration    // bound on one attempt; below Lease
	// Concurrency is how many jobs run at once in this process.
	Concurrency int
	// MaxAbandoned is how many times a job may be claimed by a worker
	// that then stops without reporting before it is failed.
	MaxAbandoned int
	// Schedules are the periodic jobs this worker keeps queued.
	Schedules []Schedule
	// Kinds are the job kinds Handle can do; the worker claims no other
	// (none: every kind). An older instance, during a rolling upgrade,
	// then leaves a newer kind to the newer instances.
	Kinds []string

	wake      chan struct{}
	scheduled time.Time // when Schedules were last ensured
}

// NewWorker returns a worker with Console's defaults.
func NewWorker(st *store.Store, handle Handler, now func() time.Time, log *slog.Logger) *Worker {
	return &Worker{Store: st, Handle: handle, Now: now, Log: log, Poll: time.Second,
		Lease: DefaultLease, Timeout: time.Minute, Concurrency: DefaultConcurrency,
		MaxAbandoned: DefaultMaxAbandoned, wake: make(chan struct{}, 1)}
}

// Wake asks the worker to look for jobs now, e.g. right after a commit
// that inserted one. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends, then waits for the jobs it started: each is
// cancelled with ctx and its outcome recorded.
func (w *Worker) Run(ctx context.Context) {
	slots := make(chan struct{}, max(w.Concurrency, 1))
	var running sync.WaitGroup
	defer running.Wait()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-timer.C:
		}
		w.ensureSchedules(ctx)
		w.fill(ctx, slots, &running)
		timer.Reset(w.Poll)
	}
}

// fill claims jobs for the free slots until the queue has no more due.
func (w *Worker) fill(ctx context.Context, slots chan struct{}, running *sync.WaitGroup) {
	for ctx.Err() == nil {
		free := cap(slots) - len(slots)
		if free == 0 {
			return // a finishing job wakes the loop
		}
		claimed := w.claim(ctx, free)
		for _, job := range claimed {
			slots <- struct{}{}
			running.Add(1)
			go func() {
				defer running.Done()
				w.run(ctx, job)
				<-slots
				w.Wake()
			}()
		}
		if len(claimed) < free {
			return
		}
	}
}

// claimTimeout bounds the claim of jobs.
const claimTimeout = 30 * time.Second

// claim takes up to n due jobs, first failing those abandoned too often.
// A database that does not answer within claimTimeout is given up on
// until the next poll.
func (w *Worker) claim(ctx context.Context, n int) []*store.Job {
	var claimed []*store.Job
	claimCtx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	err := w.Store.Tx(claimCtx, func(q *store.Queries) error {
		lost, err := q.FailAbandonedJobs(claimCtx, w.MaxAbandoned, w.Kinds)
		if err != nil {
			return err
		}
		for _, job := range lost {
			w.Log.Error("job failed for good: abandoned", "job", job.ID, "kind", job.Kind, "attempt", job.Attempts)
			if err := w.recordFailure(claimCtx, q, job, errors.New(abandonedError), true); err != nil {
				return err
			}
		}
		claimed, err = q.ClaimJobs(claimCtx, n, w.Lease, w.Kinds...)
		return err
	})
	if err != nil {
		if ctx.Err() == nil {
			w.Log.Error("claiming jobs", "err", err)
		}
		return nil
	}
	return claimed
}

const abandonedError = "the worker running it stopped without reporting (process killed, out of memory, or hung past its lease)"

// RunOne claims and runs one due job, waiting for it; it reports whether
// there was one.
func (w *Worker) RunOne(ctx context.Context) bool {
	claimed := w.claim(ctx, 1)
	for _, job := range claimed {
		w.run(ctx, job)
	}
	return len(claimed) > 0
}

func (w *Worker) run(ctx context.Context, job *store.Job) {
	commit, err := w.attempt(ctx, job)
	w.finish(ctx, job, commit, err)
}

func (w *Worker) attempt(ctx context.Context, job *store.Job) (commit Commit, err error) {
	ctx, cancel := context.WithTimeout(ctx, w.Timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return w.Handle(ctx, job)
}

// finish records the outcome of an attempt, fenced on the claim: when
// the lease was lost the outcome and the commit are dropped.
func (w *Worker) finish(ctx context.Context, job *store.Job, commit Commit, err error) {
	// Record the outcome even while shutting down, so the job is not left
	// running until its lease ends.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	log := w.Log.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempts)
	werr := w.Store.Tx(ctx, func(q *store.Queries) error {
		if err == nil {
			return w.complete(ctx, q, job, commit)
		}
		final := IsPermanent(err) || job.Attempts >= job.MaxAttempts
		if ferr := w.recordFailure(ctx, q, job, err, final); ferr != nil {
			return ferr
		}
		if final {
			log.Error("job failed for good", "err", err)
			return q.FailJob(ctx, job, err.Error())
		}
		log.Warn("job failed; will retry", "err", err, "in", Backoff(job.Attempts))
		return q.RetryJob(ctx, job, Backoff(job.Attempts), err.Error())
	})
	if err != nil || werr == nil || errors.Is(werr, store.ErrJobLost) { // else counted by the retry below
		metrics.Jobs.WithLabelValues(job.Kind, outcome(err, werr, job)).Inc()
	}
	switch {
	case errors.Is(werr, store.ErrJobLost):
		log.Warn("outcome ignored: the lease ran out and the job was taken over", "err", err)
	case werr != nil && err == nil:
		log.Error("recording job success", "err", werr)
		w.finish(ctx, job, nil, fmt.Errorf("recording success: %w", werr))
	case werr != nil:
		log.Error("recording job failure", "err", werr)
	}
}

// outcome names an attempt's result for metrics.
func outcome(err, recordErr error, job *store.Job) string {
	switch {
	case errors.Is(recordErr, store.ErrJobLost):
		return "lost"
	case err == nil && recordErr == nil:
		return "done"
	case err != nil && (IsPermanent(err) || job.Attempts >= job.MaxAttempts):
		return "failed"
	}
	return "retry"
}

func (w *Worker) complete(ctx context.Context, q *store.Queries, job *store.Job, commit Commit) error {
	if err := q.CompleteJob(ctx, job); err != nil || commit == nil {
		return err
	}
	return commit(ctx, q)
}

func (w *Worker) recordFailure(ctx context.Context, q *store.Queries, job *store.Job, err error, final bool) error {
	if w.Failed == nil {
		return nil
	}
	return w.Failed(ctx, q, job, err, final)
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
