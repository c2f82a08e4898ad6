package service

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// How often the periodic jobs run (see Schedules).
const (
	sweepEvery     = 5 * time.Minute
	retentionEvery = time.Hour
)

// Retention: how long Console keeps what it no longer needs, measured
// from when a row stopped changing. The README lists the same table.
// Deleting a user removes their rows from all of these at once (see
// forgetPerson).
var Retention = []struct {
	What  store.Purge
	Keep  time.Duration
	After string // what the age counts from, for the documentation
}{
	{store.PurgeDoneJobs, 7 * day, "finished"},
	{store.PurgeFailedJobs, 30 * day, "failed (their payloads are emptied after 7 days)"},
	{store.PurgeDeliveredEmails, 30 * day, "sent or cancelled (bodies are dropped when sent)"},
	{store.PurgeFailedEmails, 30 * day, "failed (bodies are dropped after 7 days)"},
	{store.PurgeOutbox, 7 * day, "kept"},
	{store.PurgeSignInAttempts, 90 * day, "made"},
	{store.PurgeUserTokens, 30 * day, "used or expired"},
	{store.PurgeRateLimits, day, "their window started"},
	{store.PurgeIdempotencyKeys, IdempotencyKeyTTL, "first used"},
}

const (
	day = 24 * time.Hour
	// failedPayloadRetention is how long a failed job's payload and a
	// failed email's body are kept, for an operator to retry.
	failedPayloadRetention = 7 * day
	// purgeBatch bounds one delete, so a large backlog never holds
	// SQLite's single writer for long.
	purgeBatch = 1000
)

// ApplyRetention deletes everything older than its retention (see
// Retention), in short transactions, empties failed jobs' payloads and
// failed emails' bodies after failedPayloadRetention, and deletes the
// throttle keys quiet for longer than any policy remembers (held keys
// stay until lifted). It is the work of the hourly retention job; a run
// cut short by its time limit is finished by the next.
func (s *Service) ApplyRetention(ctx context.Context) error {
	now := s.now()
	for _, r := range Retention {
		n, err := s.purge(ctx, r.What, now.Add(-r.Keep))
		if err != nil {
			return err
		}
		if n > 0 {
			s.log.Info("retention", "purged", r.What, "count", n)
		}
	}
	if err := s.purgeImports(ctx, now); err != nil {
		return err
	}
	var dropped, quiet int64
	err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
		if dropped, err = q.DropFailedPayloads(ctx, now.Add(-failedPayloadRetention)); err != nil {
			return err
		}
		quiet, err = q.DeleteQuietThrottles(ctx, now.Add(-throttleRetention), console.AccountThrottle.HoldAt)
		return err
	})
	if dropped > 0 {
		s.log.Info("retention", "emptied", "failed jobs' payloads and failed emails' bodies", "count", dropped)
	}
	if quiet > 0 {
		s.log.Info("retention", "purged", "quiet throttle keys", "count", quiet)
	}
	return err
}

func (s *Service) purge(ctx context.Context, p store.Purge, cutoff time.Time) (int64, error) {
	var total int64
	for {
		var n int64
		err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
			n, err = q.PurgeBefore(ctx, p, cutoff, purgeBatch)
			return err
		})
		total += n
		if err != nil || n < purgeBatch {
			return total, err
		}
	}
}

// Retention of bulk imports (see purgeImports).
const (
	// ImportRowsRetention is how long the rows of a finished import (done
	// or stopped) are kept after it finished, for the results page and
	// its CSV; ImportRetention how long the import itself (its counts)
	// is. Rows of expired reviews and cancelled imports go at once.
	ImportRowsRetention = 30 * day
	ImportRetention     = 90 * day
	// importStaleAfter is how old a review still being written (its
	// upload cut off by a crash) is when it is deleted.
	importStaleAfter = day
)

// purgeImports deletes the rows of imports that are over (expired
// reviews, cancelled imports, finished ones after ImportRowsRetention),
// a batch per transaction, then those imports without rows left
// (finished ones after ImportRetention).
func (s *Service) purgeImports(ctx context.Context, now time.Time) error {
	stale := now.Add(-importStaleAfter)
	var rows, imports int64
	for {
		var n int64
		err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
			n, err = q.PurgeImportRows(ctx, now, stale, now.Add(-ImportRowsRetention), purgeBatch)
			return err
		})
		rows += n
		if err != nil {
			return err
		}
		if n < purgeBatch {
			break
		}
	}
	err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
		imports, err = q.PurgeImports(ctx, now, stale, now.Add(-ImportRetention), purgeBatch)
		return err
	})
	if rows > 0 || imports > 0 {
		s.log.Info("retention", "purged", "import rows and imports", "rows", rows, "imports", imports)
	}
	return err
}

// sweepSessions is the periodic job that deletes ended sessions.
func (s *Service) sweepSessions(ctx context.Context) error {
	n, err := s.SweepSessions(ctx)
	if n > 0 {
		s.log.Info("swept ended sessions", "count", n)
	}
	return err
}

// forgetPerson removes, with a deleted user, what Console kept about them
// outside their user row: sign-in attempts, emails and Outbox mail, queued
// reset requests, and the throttle and rate-limit keys of their address.
// The audit trail keeps its events, which name the user by id.
func (s *Service) forgetPerson(ctx context.Context, q *store.Queries, u *console.User) error {
	org, err := q.OrgByID(ctx, u.OrgID)
	if err != nil {
		return err
	}
	quoted, err := json.Marshal(strings.TrimSpace(u.Email))
	if err != nil {
		return err
	}
	keys := []string{accountKey(org.Slug, u.Email).id, hashKey("forgot-account", org.Slug, console.EmailKey(u.Email))}
	if err := q.ForgetIdempotentAnswers(ctx, u.OrgID, CallerScope(&console.Actor{UserID: u.ID}), "/api/v1/users/"+u.ID); err != nil {
		return err
	}
	return q.ForgetPerson(ctx, u.OrgID, u.ID, u.Email, strings.Trim(string(quoted), `"`), keys)
}
