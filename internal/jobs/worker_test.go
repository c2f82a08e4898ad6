package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
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

func setup(t *testing.T, e storetest.Engine, handle jobs.Handler) (*store.Store, *jobs.Worker, *clock) {
	st, _ := e.Open(t)
	c := &clock{}
	c.now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	w := jobs.NewWorker(st, handle, c.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	err := st.Tx(context.Background(), func(q *store.Queries) error {
		return q.InsertJob(context.Background(), "", "test_job", []byte(`{"n":1}`), c.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, w, c
}

func counts(t *testing.T, st *store.Store) map[string]int {
	m, err := st.JobCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRetryBackoffAndPermanentFailure(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			var calls atomic.Int32
			st, w, c := setup(t, e, func(ctx context.Context, j *store.Job) error {
				if calls.Add(1) == 1 {
					return errors.New("smtp: 451 try later")
				}
				return jobs.Permanent(errors.New("smtp: 550 no such mailbox"))
			})
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
		})
	}
}

// TestLeaseRecoversCrashedJob: a worker that dies mid-job leaves it running;
// once the lease ends, another worker takes it over.
func TestLeaseRecoversCrashedJob(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			var calls atomic.Int32
			st, w, c := setup(t, e, func(ctx context.Context, j *store.Job) error { calls.Add(1); return nil })
			ctx := context.Background()
			err := st.Tx(ctx, func(q *store.Queries) error {
				_, err := q.ClaimJob(ctx, c.Now(), c.Now().Add(w.Lease)) // the crashed worker's claim
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if w.RunOne(ctx) {
				t.Fatal("took a job still under another worker's lease")
			}
			c.Advance(w.Lease)
			if !w.RunOne(ctx) || calls.Load() != 1 || counts(t, st)["done"] != 1 {
				t.Fatalf("lease expiry: calls %d, jobs %v", calls.Load(), counts(t, st))
			}
		})
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
