package store

import (
	"context"
	"time"
)

// HitRateLimit counts one event under key in a fixed window of the given
// length and returns the count so far in the current window. Counters live
// in the database, so every Console process shares them.
func (q *Queries) HitRateLimit(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= $4 THEN $5 ELSE rate_limits.window_start END
		RETURNING count`, key, at(now), at(now.Add(-window)), at(now.Add(-window)), at(now)).Scan(&n)
	return n, mapError(err)
}
