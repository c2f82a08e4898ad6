package store

import (
	"context"
	"time"

	"console/internal/console"
)

// LockThrottle returns the state of a throttled key and locks it until the
// transaction ends, so that concurrent attempts under one key are counted
// one after the other and none slips past a wait. A key never seen has no
// failures. One upsert both creates and locks the row: a separate insert
// and SELECT FOR UPDATE would find no row when a concurrent transaction
// deletes it between the two (PostgreSQL; SQLite's write transactions run
// one at a time anyway).
func (q *Queries) LockThrottle(ctx context.Context, key string) (console.ThrottleState, error) {
	var st console.ThrottleState
	err := q.db.QueryRowContext(ctx, `INSERT INTO throttles (key, failures, last_failure_at) VALUES ($1, 0, $2)
		ON CONFLICT (key) DO UPDATE SET key = excluded.key
		RETURNING failures, last_failure_at`, key, at(time.Unix(0, 0))).
		Scan(&st.Failures, scanTime(&st.LastFailure))
	return st, mapError(err)
}

// SetThrottle stores the state of a key; no failures removes it.
func (q *Queries) SetThrottle(ctx context.Context, key string, st console.ThrottleState) error {
	var err error
	if st.Failures <= 0 {
		_, err = q.db.ExecContext(ctx, `DELETE FROM throttles WHERE key = $1`, key)
	} else {
		_, err = q.db.ExecContext(ctx, `UPDATE throttles SET failures = $1, last_failure_at = $2 WHERE key = $3`,
			st.Failures, at(st.LastFailure), key)
	}
	return mapError(err)
}

// ThrottleState returns a key's state without locking it, for display.
func (q *Queries) ThrottleState(ctx context.Context, key string) (console.ThrottleState, error) {
	var st console.ThrottleState
	err := q.db.QueryRowContext(ctx, `SELECT failures, last_failure_at FROM throttles WHERE key = $1`, key).
		Scan(&st.Failures, scanTime(&st.LastFailure))
	if console.KindOf(mapError(err)) == console.KindNotFound {
		return console.ThrottleState{}, nil
	}
	return st, mapError(err)
}

// DeleteQuietThrottles removes keys whose last failure is before cutoff
// and that have fewer than keep failures (held keys stay), and returns
// how many went.
func (q *Queries) DeleteQuietThrottles(ctx context.Context, cutoff time.Time, keep int) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM throttles WHERE last_failure_at < $1 AND failures < $2`, at(cutoff), keep)
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	return n, mapError(err)
}
