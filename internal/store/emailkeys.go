package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"console/internal/console"
)

// errEmailTaken answers a new or changed address whose key a user of the
// organization already holds.
var errEmailTaken = &console.Error{Kind: console.KindConflict, Message: "This already exists.", Err: ErrUniqueViolation}

// emailFree fails with a conflict when a user of orgID other than exceptID
// holds key. The unique index alone would let a new user share the key of
// a pre-existing duplicate (see fillEmailKeys), which it leaves unchecked;
// the index still settles a race between two new users.
func (q *Queries) emailFree(ctx context.Context, orgID, key, exceptID string) error {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND email_key = $2 AND id <> $3`,
		orgID, key, exceptID).Scan(&n)
	if err != nil {
		return mapError(err)
	}
	if n > 0 {
		return errEmailTaken
	}
	return nil
}

// bestSpelling picks, among users sharing the key of typed (the holder
// first), the one spelled as typed, else one spelled so but for case (as
// the old key compared), else the holder: pre-existing duplicates keep
// signing in as they did before the key changed.
func bestSpelling(users []*console.User, typed string) *console.User {
	typed = strings.TrimSpace(typed)
	for _, u := range users {
		if u.Email == typed {
			return u
		}
	}
	for _, u := range users {
		if strings.EqualFold(u.Email, typed) {
			return u
		}
	}
	return users[0]
}

// emailKeyBatch is how many users one transaction of fillEmailKeys
// re-keys; emailKeyRetries how often a batch is tried again after a user
// created meanwhile took a key it was giving.
const (
	emailKeyBatch   = 500
	emailKeyRetries = 3
)

// fillEmailKeys sets email_key to console.EmailKey(email) for every user
// whose key was made from another address: all users when migration 0006
// has just run (their keys were only trimmed and lower-cased), and those
// an older Console has created or re-addressed since. It works in batches,
// each in its own transaction, oldest users first, until none is left.
//
// Two users whose addresses the old key told apart may be one mailbox by
// the canonical key (user@bücher.example and user@xn--bcher-kva.example).
// Neither is lost nor changed but for its key: the one that held the key
// first keeps it as usual, the other gets it marked as a duplicate
// (email_dup, which the unique index includes), and a warning naming both
// ids is logged (through slog.Default: the store has no logger of its
// own) for an administrator to merge them by hand. Both keep signing in
// with their own spelling (see UserByEmail). No new duplicate can appear:
// CreateUser and UpdateUser refuse a key that any user holds.
func (s *Store) fillEmailKeys(ctx context.Context) error {
	for tries := 0; ; {
		n, err := s.fillEmailKeyBatch(ctx, emailKeyBatch)
		if console.KindOf(err) == console.KindConflict && tries < emailKeyRetries {
			tries++
			continue
		}
		if err != nil {
			return fmt.Errorf("fill user email keys: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

type staleEmailKey struct{ orgID, id, email string }

// emailDuplicate is a user whose mailbox another user, holder, had first.
type emailDuplicate struct{ orgID, id, holder string }

// fillEmailKeyBatch re-keys up to size users in one transaction, logging
// the duplicates it marked once they are committed; it returns how many
// users it read.
func (s *Store) fillEmailKeyBatch(ctx context.Context, size int) (int, error) {
	var stale []staleEmailKey
	var dups []emailDuplicate
	err := s.Tx(ctx, func(q *Queries) error {
		// One filler at a time across processes: two would each see the
		// other's duplicate as free.
		if err := q.lockMigrations(ctx); err != nil {
			return err
		}
		var err error
		if stale, err = q.staleEmailKeys(ctx, size); err != nil {
			return err
		}
		for _, u := range stale {
			holder, err := q.fillEmailKey(ctx, u)
			if err != nil {
				return err
			}
			if holder != "" {
				dups = append(dups, emailDuplicate{u.orgID, u.id, holder})
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, d := range dups {
		slog.Default().Warn("two users share one mailbox since email addresses are compared in canonical form; both are kept, merge them by hand",
			"org", d.orgID, "user", d.holder, "duplicate", d.id)
	}
	return len(stale), nil
}

// lockMigrations waits, on PostgreSQL, until no other process migrates or
// fills keys, and holds the lock until the transaction ends.
func (q *Queries) lockMigrations(ctx context.Context) error {
	if q.dialect != Postgres {
		return nil // SQLite has one writer
	}
	_, err := q.db.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLockID))
	return err
}

// staleEmailKeys returns up to size users whose key is to recompute, in
// the order they were created within each organization (ids are UUIDv7).
func (q *Queries) staleEmailKeys(ctx context.Context, size int) ([]staleEmailKey, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT org_id, id, email FROM users
		WHERE email_key_of IS NULL OR email_key_of <> email ORDER BY org_id, id LIMIT $1`, size)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var stale []staleEmailKey
	for rows.Next() {
		var u staleEmailKey
		if err := rows.Scan(&u.orgID, &u.id, &u.email); err != nil {
			return nil, mapError(err)
		}
		stale = append(stale, u)
	}
	return stale, mapError(rows.Err())
}

// fillEmailKey re-keys one user, marked as a duplicate when another user
// holds the key already; it returns that user's id, if any.
func (q *Queries) fillEmailKey(ctx context.Context, u staleEmailKey) (holder string, err error) {
	key := console.EmailKey(u.email)
	if holder, err = q.emailKeyHolder(ctx, u, key); err != nil {
		return "", err
	}
	dup := ""
	if holder != "" {
		dup = u.id
	}
	// Only while the email is still the one read: a concurrent change wins.
	_, err = q.db.ExecContext(ctx, `UPDATE users SET email_key = $1, email_key_of = email, email_dup = $2
		WHERE org_id = $3 AND id = $4 AND email = $5`, key, dup, u.orgID, u.id, u.email)
	return holder, mapError(err)
}

// emailKeyHolder returns the unmarked user other than u that holds key.
// One whose own key is still to recompute holds it by chance (its old key
// happened to be canonical) and is newer than u, as users are re-keyed
// oldest first: it is marked now, so that the older user keeps the
// mailbox, and finds u as the holder when its turn comes.
func (q *Queries) emailKeyHolder(ctx context.Context, u staleEmailKey, key string) (string, error) {
	var holder string
	var stale bool
	err := q.db.QueryRowContext(ctx, `SELECT id, email_key_of IS NULL OR email_key_of <> email FROM users
		WHERE org_id = $1 AND email_key = $2 AND email_dup = '' AND id <> $3`, u.orgID, key, u.id).Scan(&holder, &stale)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !stale {
		return holder, nil
	} else if err != nil {
		return "", mapError(err)
	}
	_, err = q.db.ExecContext(ctx, `UPDATE users SET email_dup = id WHERE org_id = $1 AND id = $2`, u.orgID, holder)
	return "", mapError(err)
}
