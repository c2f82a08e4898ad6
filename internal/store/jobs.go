package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Job is a unit of background work, inserted in the transaction of the
// change that causes it. Attempts counts claims, this one included: with
// ID it is the fence of every state change (see CompleteJob).
type Job struct {
	ID          string
	OrgID       string
	Kind        string
	Payload     []byte
	Attempts    int
	MaxAttempts int
	Abandoned   int    // earlier claims whose worker stopped without reporting
	LastError   string // of the previous attempt
	// TakenOver says this claim took the job over from a worker that
	// stopped without reporting: that worker's try happened too.
	TakenOver bool
}

// ErrJobLost is returned when recording the outcome of a job whose claim
// is no longer held: its lease ended and another worker took it, or it was
// failed as abandoned. The outcome is ignored; the newer claim decides.
var ErrJobLost = errors.New("job no longer held by this worker: its lease ended")

// jobColumns are what a claim returns, scanned by scanJobs.
const jobColumns = `id, COALESCE(org_id, ''), kind, payload, attempts, max_attempts, abandoned, last_error`

// InsertJob queues a job of kind to run after delay (0: now) by the
// database's clock.
func (q *Queries) InsertJob(ctx context.Context, orgID, kind string, payload []byte, delay time.Duration) error {
	now, off := q.clockArgs(delay)
	_, err := q.db.ExecContext(ctx, `INSERT INTO jobs (id, org_id, kind, payload, run_at, created_at)
		VALUES ($1, $2, $3, $4, `+q.nowPlus(5)+`, `+q.nowPlus(5)+`)`,
		newID(), nullIfEmpty(orgID), kind, string(payload), now, off)
	return mapError(err)
}

// InsertJobDueAt queues a job due at runAt, which may be past: a job
// continuing earlier work keeps its place in the queue (which is claimed
// by due time) ahead of work queued since, such as the emails the earlier
// part queued.
func (q *Queries) InsertJobDueAt(ctx context.Context, orgID, kind string, payload []byte, runAt time.Time) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO jobs (id, org_id, kind, payload, run_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, newID(), nullIfEmpty(orgID), kind, string(payload), at(runAt))
	return mapError(err)
}

// InsertUniqueJob queues a job of kind due at runAt unless a job with key
// exists (queued, running or finished and not yet purged); it reports
// whether it inserted one. Periodic work names its period in key, so that
// every instance may schedule it and it runs once.
func (q *Queries) InsertUniqueJob(ctx context.Context, key, kind string, payload []byte, runAt time.Time) (bool, error) {
	res, err := q.db.ExecContext(ctx, `INSERT INTO jobs (id, kind, payload, run_at, created_at, unique_key)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
		newID(), kind, string(payload), at(runAt), at(runAt), key)
	if err != nil {
		return false, mapError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, mapError(err)
}

// FailAbandonedJobs fails every job whose lease ended (its worker stopped
// without reporting) and that may not be tried again: it has used its
// attempts, or been abandoned maxAbandoned times. A job that kills its
// process therefore ends failed instead of being claimed for ever. It
// returns the jobs failed, for their kinds to record the failure.
func (q *Queries) FailAbandonedJobs(ctx context.Context, maxAbandoned int, kinds []string) ([]*Job, error) {
	now, off := q.clockArgs(0)
	args := []any{now, off, maxAbandoned}
	rows, err := q.db.QueryContext(ctx, `UPDATE jobs SET state = 'failed', locked_until = NULL, abandoned = abandoned + 1,
			finished_at = `+q.nowPlus(1)+`, last_error = 'the worker running it stopped without reporting (process killed, out of memory, or hung past its lease)'
		WHERE state = 'running' AND locked_until <= `+q.nowPlus(1)+`
			AND (abandoned + 1 >= $3 OR attempts >= max_attempts)`+kindFilter(&args, kinds)+`
		RETURNING `+jobColumns, args...)
	return scanJobs(rows, err)
}

// kindFilter returns the condition that keeps jobs of kinds, adding them
// to args; none keeps every kind.
func kindFilter(args *[]any, kinds []string) string {
	if len(kinds) == 0 {
		return ""
	}
	marks := make([]string, len(kinds))
	for i, k := range kinds {
		*args = append(*args, k)
		marks[i] = "$" + strconv.Itoa(len(*args))
	}
	return ` AND kind IN (` + strings.Join(marks, ", ") + `)`
}

// ClaimJobs takes up to limit jobs of kinds (none: any kind): first those
// whose worker's lease ran out (it crashed; the claim counts one more
// abandonment), then due pending jobs in order. A worker names the kinds
// it can do, so that an older instance, during a rolling upgrade, leaves
// a newer kind to the newer instances instead of failing it. Each is marked running until lease from now by
// the database's clock, and its attempt is counted. Two workers never
// claim the same job: PostgreSQL skips rows locked by another claim, and
// SQLite runs one writing transaction at a time.
func (q *Queries) ClaimJobs(ctx context.Context, limit int, lease time.Duration, kinds ...string) ([]*Job, error) {
	lost, err := q.claim(ctx, `state = 'running' AND locked_until <= `+q.nowPlus(1), `locked_until`, limit, lease, kinds)
	for _, j := range lost {
		j.TakenOver = true
	}
	if err != nil || len(lost) == limit {
		return lost, err
	}
	due, err := q.claim(ctx, `state = 'pending' AND run_at <= `+q.nowPlus(1), `run_at, id`, limit-len(lost), lease, kinds)
	return append(lost, due...), err
}

func (q *Queries) claim(ctx context.Context, where, order string, limit int, lease time.Duration, kinds []string) ([]*Job, error) {
	lock := ""
	if q.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	now, zero := q.clockArgs(0)
	until, off := q.clockArgs(lease)
	args := []any{now, zero, until, off, limit}
	filter := kindFilter(&args, kinds)
	rows, err := q.db.QueryContext(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1,
			abandoned = abandoned + CASE WHEN state = 'running' THEN 1 ELSE 0 END, locked_until = `+q.nowPlus(3)+`
		WHERE id IN (SELECT id FROM jobs WHERE `+where+filter+` ORDER BY `+order+` LIMIT $5`+lock+`)
		RETURNING `+jobColumns, args...)
	return scanJobs(rows, err)
}

func scanJobs(rows rowsScanner, err error) ([]*Job, error) {
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var list []*Job
	for rows.Next() {
		j := &Job{}
		var payload string
		if err := rows.Scan(&j.ID, &j.OrgID, &j.Kind, &payload, &j.Attempts, &j.MaxAttempts, &j.Abandoned, &j.LastError); err != nil {
			return nil, mapError(err)
		}
		j.Payload = []byte(payload)
		list = append(list, j)
	}
	return list, mapError(rows.Err())
}

// rowsScanner is what scanJobs reads: *sql.Rows.
type rowsScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// CompleteJob marks the claimed job done and drops its payload, which may
// hold personal data that has no reason to outlive the work. Like every
// outcome it is fenced on the claim (the job's id, running, and its
// attempt count): a worker whose lease ended gets ErrJobLost and changes
// nothing.
func (q *Queries) CompleteJob(ctx context.Context, j *Job) error {
	now, off := q.clockArgs(0)
	res, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'done', payload = '{}', locked_until = NULL,
		finished_at = `+q.nowPlus(1)+`, last_error = '' WHERE id = $3 AND state = 'running' AND attempts = $4`,
		now, off, j.ID, j.Attempts)
	return fenced(res, err)
}

// RetryJob puts the claimed job back in the queue to run again after
// delay. Fenced like CompleteJob.
func (q *Queries) RetryJob(ctx context.Context, j *Job, delay time.Duration, lastError string) error {
	now, off := q.clockArgs(delay)
	res, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'pending', run_at = `+q.nowPlus(1)+`, locked_until = NULL,
		last_error = $3 WHERE id = $4 AND state = 'running' AND attempts = $5`,
		now, off, truncateText(lastError, 2000), j.ID, j.Attempts)
	return fenced(res, err)
}

// FailJob gives up on the claimed job for good. Fenced like CompleteJob.
func (q *Queries) FailJob(ctx context.Context, j *Job, lastError string) error {
	now, off := q.clockArgs(0)
	res, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'failed', locked_until = NULL, finished_at = `+q.nowPlus(1)+`,
		last_error = $3 WHERE id = $4 AND state = 'running' AND attempts = $5`,
		now, off, truncateText(lastError, 2000), j.ID, j.Attempts)
	return fenced(res, err)
}

func fenced(res sqlResult, err error) error {
	if err != nil {
		return mapError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return mapError(err)
	}
	if n == 0 {
		return ErrJobLost
	}
	return nil
}

// sqlResult is what fenced reads: sql.Result.
type sqlResult interface{ RowsAffected() (int64, error) }

// JobCounts returns how many jobs are in each state, where "retrying"
// counts pending jobs that have failed before; /metrics and tests read it.
func (q *Queries) JobCounts(ctx context.Context) (map[string]int, error) {
	return q.countBy(ctx, `SELECT CASE WHEN state = 'pending' AND attempts > 0 THEN 'retrying' ELSE state END,
		COUNT(*) FROM jobs GROUP BY 1`)
}

// countBy runs query, which selects a name and a count per row, into a map.
func (q *Queries) countBy(ctx context.Context, query string) (map[string]int, error) {
	rows, err := q.db.QueryContext(ctx, query)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, mapError(err)
		}
		counts[name] = n
	}
	return counts, mapError(rows.Err())
}

func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// OldestDueJob returns when the longest-waiting due job became due, or
// the zero time when none waits: how far the queue is behind.
func (q *Queries) OldestDueJob(ctx context.Context) (time.Time, error) {
	now, off := q.clockArgs(0)
	var due *time.Time
	err := q.db.QueryRowContext(ctx, `SELECT MIN(run_at) FROM jobs WHERE state = 'pending' AND run_at <= `+q.nowPlus(1),
		now, off).Scan(scanNullTime(&due))
	if err != nil || due == nil {
		return time.Time{}, mapError(err)
	}
	return *due, nil
}
