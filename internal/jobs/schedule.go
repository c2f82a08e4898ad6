package jobs

import (
	"context"
	"time"

	"console/internal/store"
)

// Schedule is periodic work: a job of Kind, with an empty payload, once
// in every period of length Every (periods start at multiples of Every
// since the Unix epoch, UTC). Every instance's worker keeps the current
// period's job queued; the job's unique key names the period, so it runs
// once however many instances there are. Every must not exceed the
// retention of finished jobs, or a period could run twice.
type Schedule struct {
	Kind  string
	Every time.Duration
}

// Key names the period of s that contains t.
func (s Schedule) Key(t time.Time) string {
	return s.Kind + "@" + s.period(t).Format(time.RFC3339)
}

func (s Schedule) period(t time.Time) time.Time { return t.UTC().Truncate(s.Every) }

// scheduleCheck is how often a worker makes sure its schedules' current
// periods are queued: a period starts within this of its beginning.
const scheduleCheck = time.Minute

// ensureSchedules queues the current period's job of every schedule that
// has none, at most once a scheduleCheck.
func (w *Worker) ensureSchedules(ctx context.Context) {
	now := w.Now()
	if len(w.Schedules) == 0 || now.Sub(w.scheduled) < scheduleCheck && !w.scheduled.IsZero() && !now.Before(w.scheduled) {
		return
	}
	w.scheduled = now
	if err := w.EnsureSchedules(ctx, now); err != nil && ctx.Err() == nil {
		w.Log.Error("queueing periodic jobs", "err", err)
	}
}

// EnsureSchedules queues, for each schedule, the job of the period that
// contains now unless it exists.
func (w *Worker) EnsureSchedules(ctx context.Context, now time.Time) error {
	return w.Store.Tx(ctx, func(q *store.Queries) error {
		for _, s := range w.Schedules {
			if _, err := q.InsertUniqueJob(ctx, s.Key(now), s.Kind, []byte("{}"), s.period(now)); err != nil {
				return err
			}
		}
		return nil
	})
}
