package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"console/internal/jobs"
	"console/internal/store"
	"console/internal/store/storetest"
)

type clock struct{ now atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.now.Add(int64(d)) }

func newClock() *clock {
	c := &clock{}
	c.now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	return c
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// setup opens a store on e whose queue runs on a test clock, queues n
// jobs, and returns a worker with handle.
func setup(t *testing.T, e storetest.Engine, n int, handle jobs.Handler) (*store.Store, *jobs.Worker, *clock) {
	st, _ := e.Open(t)
	c := newClock()
	st.SetClock(c.Now)
	queue(t, st, n)
	return st, jobs.NewWorker(st, handle, c.Now, quiet), c
}

func queue(t *testing.T, st *store.Store, n int) {
	t.Helper()
	err := st.Tx(context.Background(), func(q *store.Queries) error {
		for range n {
			if err := q.InsertJob(context.Background(), "", "test_job", []byte(`{"n":1}`), 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func counts(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	m, err := st.JobCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func done(ctx context.Context, j *store.Job) (jobs.Commit, error) { return nil, nil }

func TestRetryBackoffAndPermanentFailure(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			var calls atomic.Int32
			st, w, c := setup(t, e, 1, func(ctx context.Context, j *store.Job) (jobs.Commit, error) {
				if calls.Add(1) == 1 {
					return nil, errors.New("smtp: 451 try later")
				}
				return nil, jobs.Permanent(errors.New("smtp: 550 no such mailbox"))
			})
			var recorded []bool
			w.Failed = func(ctx context.Context, q *store.Queries, j *store.Job, err error, final bool) error {
				recorded = append(recorded, final)
				return nil
			}
			ctx := context.Background()
			if !w.RunOne(ctx) || counts(t, st)["retrying"] != 1 {
				t.Fatalf("after a temporary failure: %v", counts(t, st))
			}
			if w.RunOne(ctx) {
				t.Fatal("retried before its back-off")
			}
			c.Advance(jobs.Backoff(1))
			if !w.RunOne(ctx) || counts(t, st)["failed"] != 1 {
				t.Fatalf("after a permanent failure: %v", counts(t, st))
			}
			if len(recorded) != 2 || recorded[0] || !recorded[1] {
				t.Fatalf("failure recorder saw final=%v, want [false true]", recorded)
			}
		})
	}
}

// TestLateReportOfLostLeaseIsIgnored: worker A takes a job and stalls past
// its lease; worker B takes it over and completes it. A's late report,
// success or failure, changes nothing: the job is done once, does not run
// a third time, and A's commit is not applied.
func TestLateReportOfLostLeaseIsIgnored(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			var calls, commits atomic.Int32
			stalled, release := make(chan struct{}), make(chan struct{})
			st, b, c := setup(t, e, 1, func(ctx context.Context, j *store.Job) (jobs.Commit, error) {
				if calls.Add(1) == 1 { // worker A
					close(stalled)
					<-release
				}
				return func(ctx context.Context, q *store.Queries) error { commits.Add(1); return nil }, nil
			})
			a := jobs.NewWorker(st, b.Handle, c.Now, quiet)
			a.Timeout = time.Hour // A's attempt is not cut short: it just stalls
			ctx := context.Background()
			aDone := make(chan bool)
			go func() { aDone <- a.RunOne(ctx) }()
			<-stalled
			c.Advance(a.Lease + time.Second)
			if !b.RunOne(ctx) || counts(t, st)["done"] != 1 {
				t.Fatalf("B did not take over the expired lease: %v", counts(t, st))
			}
			close(release)
			<-aDone
			if got := counts(t, st); got["done"] != 1 || len(got) != 1 {
				t.Fatalf("after A's late success: %v", got)
			}
			if calls.Load() != 2 || commits.Load() != 1 {
				t.Fatalf("handler ran %d times, committed %d; want 2 and 1", calls.Load(), commits.Load())
			}
			if b.RunOne(ctx) {
				t.Fatal("the job ran a third time")
			}
			lateFailure(t, st, c)
		})
	}
}

// lateFailure: a claim that lost its lease cannot turn a finished job back
// into pending or failed.
func lateFailure(t *testing.T, st *store.Store, c *clock) {
	t.Helper()
	queue(t, st, 1)
	ctx := context.Background()
	var first []*store.Job
	claim := func() []*store.Job {
		var got []*store.Job
		err := st.Tx(ctx, func(q *store.Queries) (err error) { got, err = q.ClaimJobs(ctx, 1, time.Minute); return err })
		if err != nil || len(got) != 1 {
			t.Fatalf("claim: %v %v", got, err)
		}
		return got
	}
	first = claim()
	c.Advance(2 * time.Minute)
	second := claim()
	if second[0].Attempts != 2 || second[0].Abandoned != 1 || !second[0].TakenOver || first[0].TakenOver {
		t.Fatalf("takeover claim: attempts %d abandoned %d taken over %v", second[0].Attempts, second[0].Abandoned, second[0].TakenOver)
	}
	for name, late := range map[string]func(q *store.Queries) error{
		"retry":    func(q *store.Queries) error { return q.RetryJob(ctx, first[0], 0, "late") },
		"fail":     func(q *store.Queries) error { return q.FailJob(ctx, first[0], "late") },
		"complete": func(q *store.Queries) error { return q.CompleteJob(ctx, first[0]) },
	} {
		if err := st.Tx(ctx, late); !errors.Is(err, store.ErrJobLost) {
			t.Fatalf("late %s: %v, want ErrJobLost", name, err)
		}
	}
	if err := st.Tx(ctx, func(q *store.Queries) error { return q.CompleteJob(ctx, second[0]) }); err != nil {
		t.Fatal(err)
	}
	if got := counts(t, st); got["done"] != 2 || len(got) != 1 {
		t.Fatalf("jobs: %v", got)
	}
}

// TestPoisonJobEndsFailed: a job whose worker dies every time (it kills
// its process) is failed after MaxAbandoned claims, and its failure is
// recorded, instead of being claimed for ever.
func TestPoisonJobEndsFailed(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, w, c := setup(t, e, 1, done)
			var final []bool
			w.Failed = func(ctx context.Context, q *store.Queries, j *store.Job, err error, f bool) error {
				final = append(final, f)
				return nil
			}
			ctx := context.Background()
			for i := range w.MaxAbandoned {
				err := st.Tx(ctx, func(q *store.Queries) error {
					got, err := q.ClaimJobs(ctx, 1, w.Lease) // a worker that dies mid-job
					if err == nil && len(got) != 1 {
						t.Fatalf("claim %d: got %d jobs", i+1, len(got))
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				c.Advance(w.Lease)
			}
			if w.RunOne(ctx) {
				t.Fatal("the poison job was claimed again")
			}
			if got := counts(t, st); got["failed"] != 1 || len(final) != 1 || !final[0] {
				t.Fatalf("jobs %v, failure recorded %v", got, final)
			}
		})
	}
}

// TestConcurrentWorkers: a worker runs up to Concurrency jobs at once and
// every job exactly once.
func TestConcurrentWorkers(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			const n, workers = 40, 4
			var mu sync.Mutex
			running, peak := 0, 0
			seen := map[string]int{}
			st, w, _ := setup(t, e, n, func(ctx context.Context, j *store.Job) (jobs.Commit, error) {
				mu.Lock()
				running++
				peak = max(peak, running)
				seen[j.ID]++
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
				mu.Lock()
				running--
				mu.Unlock()
				return nil, nil
			})
			w.Concurrency = workers
			ctx, cancel := context.WithCancel(context.Background())
			stopped := make(chan struct{})
			go func() { defer close(stopped); w.Run(ctx) }()
			waitFor(t, func() bool { return counts(t, st)["done"] == n })
			cancel()
			<-stopped
			mu.Lock()
			defer mu.Unlock()
			if peak < 2 || peak > workers {
				t.Fatalf("peak concurrency %d, want 2..%d", peak, workers)
			}
			for id, k := range seen {
				if k != 1 {
					t.Fatalf("job %s ran %d times", id, k)
				}
			}
			if len(seen) != n {
				t.Fatalf("%d of %d jobs ran", len(seen), n)
			}
		})
	}
}

// TestPeriodicJobRunsOnceAcrossProcesses: two workers on two connections
// pools to one database (as two processes) both keep the schedule; each
// period's job runs once.
func TestPeriodicJobRunsOnceAcrossProcesses(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			one, dsn := e.Open(t)
			two, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { two.Close() })
			c := newClock()
			var runs atomic.Int32
			handle := func(ctx context.Context, j *store.Job) (jobs.Commit, error) {
				if j.Kind == "sweep" {
					runs.Add(1)
				}
				return nil, nil
			}
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			var workers []*jobs.Worker
			for _, st := range []*store.Store{one, two} {
				st.SetClock(c.Now)
				w := jobs.NewWorker(st, handle, c.Now, quiet)
				w.Schedules = []jobs.Schedule{{Kind: "sweep", Every: time.Hour}}
				w.Poll = 10 * time.Millisecond
				workers = append(workers, w)
				wg.Add(1)
				go func() { defer wg.Done(); w.Run(ctx) }()
			}
			waitFor(t, func() bool { return counts(t, one)["done"] == 1 })
			c.Advance(time.Hour)
			for _, w := range workers {
				if err := w.EnsureSchedules(ctx, c.Now()); err != nil {
					t.Fatal(err)
				}
				w.Wake()
			}
			waitFor(t, func() bool { return counts(t, one)["done"] == 2 })
			time.Sleep(50 * time.Millisecond) // a duplicate would have run by now
			cancel()
			wg.Wait()
			if got := runs.Load(); got != 2 {
				t.Fatalf("periodic job ran %d times in two periods, want 2", got)
			}
		})
	}
}

// TestLeaseUsesDatabaseClock: without a stubbed clock, a claim's lease is
// measured by the database's clock, so processes whose clocks disagree
// still agree on when it ends.
func TestLeaseUsesDatabaseClock(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, _ := e.Open(t)
			queue(t, st, 1)
			ctx := context.Background()
			var got []*store.Job
			err := st.Tx(ctx, func(q *store.Queries) (err error) { got, err = q.ClaimJobs(ctx, 1, time.Hour); return err })
			if err != nil || len(got) != 1 {
				t.Fatalf("claim: %v %v", got, err)
			}
			err = st.Tx(ctx, func(q *store.Queries) (err error) { got, err = q.ClaimJobs(ctx, 1, time.Hour); return err })
			if err != nil || len(got) != 0 {
				t.Fatalf("second claim within the lease: %v %v", got, err)
			}
			// Only the store's clock moves the queue's time: stubbed two
			// hours on, the lease taken by the database's clock is over.
			st.SetClock(func() time.Time { return time.Now().Add(2 * time.Hour) })
			err = st.Tx(ctx, func(q *store.Queries) (err error) { got, err = q.ClaimJobs(ctx, 1, time.Hour); return err })
			if err != nil || len(got) != 1 {
				t.Fatalf("a clock two hours on sees the lease over: %v %v", got, err)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	prev := time.Duration(0)
	for a := 1; a <= 25; a++ {
		d := jobs.Backoff(a)
		if d < prev || d > time.Hour {
			t.Fatalf("Backoff(%d) = %s after %s", a, d, prev)
		}
		prev = d
	}
}

// TestQueueLag: the oldest due job tells how far the queue is behind; an
// empty queue is the zero time.
func TestQueueLag(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, w, c := setup(t, e, 1, done)
			queuedAt := c.Now()
			c.Advance(10 * time.Second)
			ctx := context.Background()
			if due, err := st.OldestDueJob(ctx); err != nil || !due.Equal(queuedAt) {
				t.Fatalf("oldest due %v (%v), want %v", due, err, queuedAt)
			}
			w.RunOne(ctx)
			if due, err := st.OldestDueJob(ctx); err != nil || !due.IsZero() {
				t.Fatalf("after the run: %v (%v)", due, err)
			}
		})
	}
}

// TestWorkerClaimsOnlyItsKinds: a worker that does not know a kind (an
// older instance during a rolling upgrade) leaves its jobs to one that
// does, instead of failing them.
func TestWorkerClaimsOnlyItsKinds(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, older, _ := setup(t, e, 1, done)
			older.Kinds = []string{"send_email"}
			if older.RunOne(context.Background()) {
				t.Fatal("a worker claimed a kind it does not know")
			}
			newer := jobs.NewWorker(st, done, older.Now, quiet)
			newer.Kinds = []string{"send_email", "test_job"}
			if !newer.RunOne(context.Background()) || counts(t, st)["done"] != 1 {
				t.Fatalf("the worker that knows the kind: %v", counts(t, st))
			}
		})
	}
}
