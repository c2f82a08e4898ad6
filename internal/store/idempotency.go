package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// IdempotencyKey names one Idempotency-Key of one caller on one route:
// Scope is the caller's identity ("user:ID", later "token:ID") and Route
// the method and route pattern. RequestHash identifies the request body.
type IdempotencyKey struct {
	OrgID, Scope, Route, Key string
	RequestHash              string
}

// IdempotentAnswer is an answer kept for replay: its status, the headers
// that matter, and the body, byte for byte. Withheld marks an answer
// whose body held a secret shown once: its Body is not kept.
type IdempotentAnswer struct {
	Status   int
	Headers  map[string]string
	Body     []byte
	Withheld bool
}

// Reservation is what ReserveIdempotencyKey found.
type Reservation struct {
	// ID fences the reservation: SaveIdempotentAnswer and
	// ReleaseIdempotencyKey only act while it is still the key's. Empty
	// when the key was not reserved.
	ID string
	// Answer is the stored answer of a finished request; nil otherwise.
	Answer *IdempotentAnswer
	// Mismatch is set when the key was first used with another body.
	Mismatch bool
	// Gone is set when the key's request created what has since been
	// deleted with its answer (see ForgetIdempotentAnswers).
	Gone bool
	// Running is set while another request holds the key; LockedUntil is
	// when its lease ends.
	Running     bool
	LockedUntil time.Time
}

// ReserveIdempotencyKey reserves k for a request until lockedUntil, unless
// the key is already in use: a row made before expired counts as none
// (it is replaced), and a running one whose lease ended before now is
// taken over. Otherwise it returns, in this order of precedence, a body
// mismatch, the stored answer, or the running request's lease. Two
// transactions racing for one key reserve it once: the row is unique.
func (q *Queries) ReserveIdempotencyKey(ctx context.Context, k IdempotencyKey, now, lockedUntil, expired time.Time) (*Reservation, error) {
	id := newID()
	res, err := q.db.ExecContext(ctx, `INSERT INTO idempotency_keys (id, org_id, scope, route, idem_key, request_hash, state, locked_until, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8) ON CONFLICT (org_id, scope, route, idem_key) DO NOTHING`,
		id, k.OrgID, k.Scope, k.Route, k.Key, k.RequestHash, at(lockedUntil), at(now))
	if err != nil {
		return nil, mapError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return &Reservation{ID: id}, mapError(err)
	}
	var (
		oldID, hash, state, headers string
		body                        string
		status, withheld            int
		until, created              time.Time
	)
	err = q.db.QueryRowContext(ctx, `SELECT id, request_hash, state, status, headers, body, withheld, locked_until, created_at
		FROM idempotency_keys WHERE org_id = $1 AND scope = $2 AND route = $3 AND idem_key = $4`,
		k.OrgID, k.Scope, k.Route, k.Key).Scan(&oldID, &hash, &state, &status, &headers, &body, &withheld, scanTime(&until), scanTime(&created))
	if errors.Is(err, sql.ErrNoRows) { // purged between the two statements
		return q.ReserveIdempotencyKey(ctx, k, now, lockedUntil, expired)
	}
	if err != nil {
		return nil, mapError(err)
	}
	switch {
	case created.Before(expired):
		return q.takeOver(ctx, oldID, k, now, lockedUntil, true)
	case hash != k.RequestHash:
		return &Reservation{Mismatch: true}, nil
	case state == "gone":
		return &Reservation{Gone: true}, nil
	case state == "done":
		a := &IdempotentAnswer{Status: status, Body: []byte(body), Withheld: withheld == 1}
		if err := json.Unmarshal([]byte(headers), &a.Headers); err != nil {
			return nil, err
		}
		return &Reservation{Answer: a}, nil
	case until.After(now):
		return &Reservation{Running: true, LockedUntil: until}, nil
	}
	return q.takeOver(ctx, oldID, k, now, lockedUntil, false)
}

// takeOver gives the key's row, at oldID, to a new reservation: afresh
// when the old one expired, or only its lease when its request died.
func (q *Queries) takeOver(ctx context.Context, oldID string, k IdempotencyKey, now, lockedUntil time.Time, fresh bool) (*Reservation, error) {
	id := newID()
	var res sql.Result
	var err error
	if fresh {
		res, err = q.db.ExecContext(ctx, `UPDATE idempotency_keys SET id = $1, request_hash = $2, state = 'running', locked_until = $3,
			status = 0, headers = '{}', body = '', withheld = 0, created_at = $4 WHERE org_id = $5 AND id = $6`, id, k.RequestHash, at(lockedUntil), at(now), k.OrgID, oldID)
	} else {
		res, err = q.db.ExecContext(ctx, `UPDATE idempotency_keys SET id = $1, locked_until = $2
			WHERE org_id = $3 AND id = $4 AND state = 'running'`, id, at(lockedUntil), k.OrgID, oldID)
	}
	if err != nil {
		return nil, mapError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		// Another request took it over first: it runs now.
		return &Reservation{Running: true, LockedUntil: lockedUntil}, mapError(err)
	}
	return &Reservation{ID: id}, nil
}

// SaveIdempotentAnswer records the answer of the request holding
// reservation id; a Withheld answer's body is dropped. It reports false when the reservation is no longer
// that request's (its lease ended and another request took the key).
func (q *Queries) SaveIdempotentAnswer(ctx context.Context, orgID, id string, a IdempotentAnswer) (bool, error) {
	headers, err := json.Marshal(a.Headers)
	if err != nil {
		return false, err
	}
	body, withheld := string(a.Body), 0
	if a.Withheld {
		body, withheld = "", 1
	}
	res, err := q.db.ExecContext(ctx, `UPDATE idempotency_keys SET state = 'done', status = $1, headers = $2, body = $3, withheld = $4
		WHERE org_id = $5 AND id = $6 AND state = 'running'`, a.Status, string(headers), body, withheld, orgID, id)
	if err != nil {
		return false, mapError(err)
	}
	n, err := res.RowsAffected()
	return n == 1, mapError(err)
}

// ReleaseIdempotencyKey forgets reservation id while it is still running,
// so that the key can be used again (for a request that changed nothing).
func (q *Queries) ReleaseIdempotencyKey(ctx context.Context, orgID, id string) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE org_id = $1 AND id = $2 AND state = 'running'`, orgID, id)
	return mapError(err)
}

// ForgetIdempotentAnswers deletes the keys of scope (a deleted caller)
// and erases the stored answers whose Location is location (a deleted
// person): they hold what Console no longer keeps about them. The keys
// of those answers stay, as gone, until they expire, so that a late
// retry does not create the person again.
func (q *Queries) ForgetIdempotentAnswers(ctx context.Context, orgID, scope, location string) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE org_id = $1 AND scope = $2`, orgID, scope); err != nil {
		return mapError(err)
	}
	_, err := q.db.ExecContext(ctx, `UPDATE idempotency_keys SET state = 'gone', status = 0, headers = '{}', body = ''
		WHERE org_id = $1 AND state = 'done' AND headers LIKE $2 ESCAPE '\'`, orgID, `%"Location":"`+escapeLike(location)+`"%`)
	return mapError(err)
}
