package store

import (
	"context"
	"fmt"
	"time"
)

// Purge names a kind of row that is deleted once it is older than its
// retention (see PurgeBefore). Each kind says which rows count.
type Purge string

// The purges. The retention of each is the service's policy.
const (
	PurgeDoneJobs        Purge = "done jobs"
	PurgeFailedJobs      Purge = "failed jobs"
	PurgeDeliveredEmails Purge = "sent or cancelled emails"
	PurgeFailedEmails    Purge = "failed or kept emails"
	PurgeOutbox          Purge = "outbox mail"
	PurgeSignInAttempts  Purge = "sign-in attempts"
	PurgeUserTokens      Purge = "used or expired links"
	PurgeRateLimits      Purge = "rate-limit windows"
	PurgeIdempotencyKeys Purge = "Idempotency-Key answers"
)

type purge struct{ table, key, cond string }

// purges: cond reads the cutoff as $1.
var purges = map[Purge]purge{
	PurgeDoneJobs:        {"jobs", "id", "state = 'done' AND finished_at < $1"},
	PurgeFailedJobs:      {"jobs", "id", "state = 'failed' AND finished_at < $1"},
	PurgeDeliveredEmails: {"emails", "id", "state IN ('sent', 'cancelled') AND updated_at < $1"},
	PurgeFailedEmails:    {"emails", "id", "state IN ('failed', 'kept') AND updated_at < $1"},
	PurgeOutbox:          {"mail_outbox", "id", "created_at < $1"},
	PurgeSignInAttempts:  {"sign_in_attempts", "id", "created_at < $1"},
	PurgeUserTokens:      {"user_tokens", "id", "expires_at < $1 OR used_at < $1"},
	PurgeRateLimits:      {"rate_limits", "key", "window_start < $1"},
	PurgeIdempotencyKeys: {"idempotency_keys", "id", "created_at < $1"},
}

// PurgeBefore deletes up to limit rows of kind p older than cutoff and
// returns how many went. Callers loop in separate short transactions, so
// that a large backlog never holds SQLite's single writer for long.
func (q *Queries) PurgeBefore(ctx context.Context, p Purge, cutoff time.Time, limit int) (int64, error) {
	d, ok := purges[p]
	if !ok {
		return 0, fmt.Errorf("store: unknown purge %q", p)
	}
	res, err := q.db.ExecContext(ctx, `DELETE FROM `+d.table+` WHERE `+d.key+` IN (SELECT `+d.key+` FROM `+d.table+
		` WHERE `+d.cond+` LIMIT $2)`, at(cutoff), limit)
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	return n, mapError(err)
}

// DropFailedPayloads empties what failed jobs and failed emails carried
// (addresses, message bodies with links) once they failed before cutoff;
// their records stay for diagnosis until purged.
func (q *Queries) DropFailedPayloads(ctx context.Context, cutoff time.Time) (int64, error) {
	jobs, err := q.db.ExecContext(ctx, `UPDATE jobs SET payload = '{}' WHERE state = 'failed' AND finished_at < $1 AND payload <> '{}'`, at(cutoff))
	if err != nil {
		return 0, mapError(err)
	}
	emails, err := q.db.ExecContext(ctx, `UPDATE emails SET text_body = '', html_body = ''
		WHERE state IN ('failed', 'kept') AND updated_at < $1 AND text_body <> ''`, at(cutoff))
	if err != nil {
		return 0, mapError(err)
	}
	a, _ := jobs.RowsAffected()
	b, _ := emails.RowsAffected()
	return a + b, nil
}

// ForgetPerson deletes what Console kept about a person beyond their user
// row, when the user is deleted: sign-in attempts made as them or with
// their address (in this organization, or naming no organization), emails
// to or about them, Outbox mail to them, and self-service reset requests
// for their address still queued or failed. keys are their throttle and
// rate-limit keys (hashes of the address), removed too.
func (q *Queries) ForgetPerson(ctx context.Context, orgID, userID, email, jsonEmail string, keys []string) error {
	stmts := []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM sign_in_attempts WHERE (org_id = $1 OR org_id IS NULL) AND (user_id = $2 OR lower(email) = lower($3))`,
			[]any{orgID, userID, email}},
		{`DELETE FROM emails WHERE org_id = $1 AND (user_id = $2 OR lower(recipient) = lower($3))`, []any{orgID, userID, email}},
		{`DELETE FROM mail_outbox WHERE org_id = $1 AND lower(to_addr) = lower($2)`, []any{orgID, email}},
		{`DELETE FROM jobs WHERE kind = 'password_reset_request' AND state IN ('pending', 'failed') AND lower(payload) LIKE lower($1) ESCAPE '\'`,
			[]any{"%" + escapeLike(jsonEmail) + "%"}},
	}
	for _, k := range keys {
		stmts = append(stmts, struct {
			sql  string
			args []any
		}{`DELETE FROM throttles WHERE key = $1`, []any{k}}, struct {
			sql  string
			args []any
		}{`DELETE FROM rate_limits WHERE key = $1`, []any{k}})
	}
	for _, s := range stmts {
		if _, err := q.db.ExecContext(ctx, s.sql, s.args...); err != nil {
			return mapError(err)
		}
	}
	return nil
}
