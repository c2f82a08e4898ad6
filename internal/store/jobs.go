package store

import (
	"context"
	"time"
)

// Job is a unit of background work, inserted in the transaction of the
// change that causes it.
type Job struct {
	ID          string
	OrgID       string
	Kind        string
	Payload     []byte
	Attempts    int
	MaxAttempts int
}

// InsertJob queues a job of kind to run at runAt.
func (q *Queries) InsertJob(ctx context.Context, orgID, kind string, payload []byte, runAt time.Time) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO jobs (id, org_id, kind, payload, run_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, newID(), nullIfEmpty(orgID), kind, string(payload), at(runAt), at(runAt))
	return mapError(err)
}

// ClaimJob takes the next due job, or one whose previous worker's lease ran
// out (it crashed), marks it running until leaseUntil and counts the
// attempt. It returns console.ErrNotFound when nothing is due. Two workers
// never claim the same job: PostgreSQL skips rows locked by another claim,
// and SQLite runs one writing transaction at a time.
func (q *Queries) ClaimJob(ctx context.Context, now, leaseUntil time.Time) (*Job, error) {
	lock := ""
	if q.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var j Job
	var payload string
	err := q.db.QueryRowContext(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $1
		WHERE id = (SELECT id FROM jobs WHERE (state = 'pending' AND run_at <= $2) OR (state = 'running' AND locked_until <= $3)
			ORDER BY run_at, id LIMIT 1`+lock+`)
		RETURNING id, COALESCE(org_id, ''), kind, payload, attempts, max_attempts`,
		at(leaseUntil), at(now), at(now)).Scan(&j.ID, &j.OrgID, &j.Kind, &payload, &j.Attempts, &j.MaxAttempts)
	if err != nil {
		return nil, mapError(err)
	}
	j.Payload = []byte(payload)
	return &j, nil
}

// CompleteJob marks a job done and drops its payload, which may hold
// personal data that has no reason to outlive the work.
func (q *Queries) CompleteJob(ctx context.Context, id string, now time.Time) error {
	_, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'done', payload = '{}', locked_until = NULL, finished_at = $1,
		last_error = '' WHERE id = $2`, at(now), id)
	return mapError(err)
}

// RetryJob puts a failed attempt back in the queue to run again at runAt.
func (q *Queries) RetryJob(ctx context.Context, id string, runAt time.Time, lastError string) error {
	_, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'pending', run_at = $1, locked_until = NULL, last_error = $2
		WHERE id = $3`, at(runAt), truncateText(lastError, 2000), id)
	return mapError(err)
}

// FailJob gives up on a job for good.
func (q *Queries) FailJob(ctx context.Context, id string, now time.Time, lastError string) error {
	_, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'failed', locked_until = NULL, finished_at = $1, last_error = $2
		WHERE id = $3`, at(now), truncateText(lastError, 2000), id)
	return mapError(err)
}

// JobCounts returns how many jobs are in each state, where "retrying"
// counts pending jobs that have failed before; /metrics and tests read it.
func (q *Queries) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT CASE WHEN state = 'pending' AND attempts > 0 THEN 'retrying' ELSE state END,
		COUNT(*) FROM jobs GROUP BY 1`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, mapError(err)
		}
		counts[state] = n
	}
	return counts, mapError(rows.Err())
}

func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
