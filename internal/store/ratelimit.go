package store

import (
	"context"
	"time"
)

// HitRateLimit counts one event under key in a fixed window of the given
// length and returns the count so far in the current window and when that
// window started. Counters live in the database, so every Console process
// shares them.
func (q *Queries) HitRateLimit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	var n int
	var start time.Time
	err := q.db.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= $4 THEN $5 ELSE rate_limits.window_start END
		RETURNING count, window_start`, key, at(now), at(now.Add(-window)), at(now.Add(-window)), at(now)).Scan(&n, scanTime(&start))
	return n, start, mapError(err)
}

// DeleteRateLimitsBefore removes counters whose window started before
// cutoff, and returns how many went.
func (q *Queries) DeleteRateLimitsBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, at(cutoff))
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	return n, mapError(err)
}
