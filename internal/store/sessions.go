package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"console/internal/console"
)

// CreateSession inserts s, setting its ID; tokenHash is the SHA-256 of the
// token given to the client, which is never stored.
func (q *Queries) CreateSession(ctx context.Context, s *console.Session, tokenHash string) error {
	s.ID = newID()
	_, err := q.db.ExecContext(ctx, `INSERT INTO sessions (id, org_id, user_id, token_hash, created_at, last_seen_at,
		expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		s.ID, s.OrgID, s.UserID, tokenHash, at(s.CreatedAt), at(s.LastSeenAt), at(s.ExpiresAt), s.IP, s.UserAgent)
	return mapError(err)
}

// SessionByTokenHash returns the session whose token hashes to tokenHash,
// with its user's email and status, or console.ErrNotFound. The token itself
// names the organization, so this is the one session query without org_id.
func (q *Queries) SessionByTokenHash(ctx context.Context, tokenHash string) (*console.Session, *console.User, error) {
	s, u, _, err := q.SessionForRequest(ctx, tokenHash)
	return s, u, err
}

// SessionForRequest is SessionByTokenHash plus the organization's
// authorization version, all in the one query each request makes.
func (q *Queries) SessionForRequest(ctx context.Context, tokenHash string) (*console.Session, *console.User, int64, error) {
	var s console.Session
	var u console.User
	var status string
	var version int64
	err := q.db.QueryRowContext(ctx, `SELECT s.id, s.org_id, s.user_id, s.created_at, s.last_seen_at, s.expires_at,
		s.ip, s.user_agent, u.email, u.name, u.status, o.authz_version
		FROM sessions s JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id
		JOIN organizations o ON o.id = s.org_id
		WHERE s.token_hash = $1`, tokenHash).Scan(&s.ID, &s.OrgID, &s.UserID, scanTime(&s.CreatedAt),
		scanTime(&s.LastSeenAt), scanTime(&s.ExpiresAt), &s.IP, &s.UserAgent, &u.Email, &u.Name, &status, &version)
	if err != nil {
		return nil, nil, 0, mapError(err)
	}
	u.ID, u.OrgID, u.Status = s.UserID, s.OrgID, console.Status(status)
	return &s, &u, version, nil
}

// TouchSession records activity on a session; console.ErrNotFound when
// the session no longer exists.
func (q *Queries) TouchSession(ctx context.Context, orgID, id string, now time.Time) error {
	res, err := q.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE org_id = $2 AND id = $3`, at(now), orgID, id)
	return expectOne(res, err)
}

// DeleteSession ends one session of the organization; console.ErrNotFound
// when there is no such session.
func (q *Queries) DeleteSession(ctx context.Context, orgID, id string) error {
	res, err := q.db.ExecContext(ctx, `DELETE FROM sessions WHERE org_id = $1 AND id = $2`, orgID, id)
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// DeleteUserSession ends the session id if it belongs to userID;
// console.ErrNotFound when it does not exist or is another user's.
func (q *Queries) DeleteUserSession(ctx context.Context, orgID, userID, id string) error {
	res, err := q.db.ExecContext(ctx, `DELETE FROM sessions WHERE org_id = $1 AND user_id = $2 AND id = $3`, orgID, userID, id)
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// DeleteUserSessions ends every session of a user and returns how many.
func (q *Queries) DeleteUserSessions(ctx context.Context, orgID, userID string) (int64, error) {
	return q.deleteSessions(ctx, orgID, `DELETE FROM sessions WHERE org_id = $1 AND user_id = $2`, orgID, userID)
}

// DeleteOtherSessions ends every session of a user but keepID, and
// returns how many ended.
func (q *Queries) DeleteOtherSessions(ctx context.Context, orgID, userID, keepID string) (int64, error) {
	return q.deleteSessions(ctx, orgID, `DELETE FROM sessions WHERE org_id = $1 AND user_id = $2 AND id <> $3`, orgID, userID, keepID)
}

// deleteSessions runs a delete of the organization's sessions, returns how
// many ended and bumps the authorization version, which every end of a
// session does.
func (q *Queries) deleteSessions(ctx context.Context, orgID, query string, args ...any) (int64, error) {
	res, err := q.db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return n, mapError(err)
	}
	return n, q.bumpAuthz(ctx, orgID)
}

// ListUserSessions returns a user's sessions, most recently active first.
func (q *Queries) ListUserSessions(ctx context.Context, orgID, userID string) ([]*console.Session, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, org_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent
		FROM sessions WHERE org_id = $1 AND user_id = $2 ORDER BY last_seen_at DESC`, orgID, userID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []*console.Session{}
	for rows.Next() {
		var s console.Session
		if err := rows.Scan(&s.ID, &s.OrgID, &s.UserID, scanTime(&s.CreatedAt), scanTime(&s.LastSeenAt),
			scanTime(&s.ExpiresAt), &s.IP, &s.UserAgent); err != nil {
			return nil, mapError(err)
		}
		list = append(list, &s)
	}
	return list, mapError(rows.Err())
}

// SessionFilter selects a page of one user's live sessions (see
// ListUserSessionsPage).
type SessionFilter struct {
	UserID string
	// Current, the session in use, comes first on the first page and
	// nowhere else.
	Current string
	// Sessions expiring by Now or last seen by IdleCutoff have ended and
	// are left out.
	Now, IdleCutoff time.Time
	Cursor          string // a NextCursor given before; "" for the first page
	Limit           int    // at least 1
}

// SessionPage is one page of sessions; NextCursor is "" on the last.
type SessionPage struct {
	Sessions   []*console.Session
	NextCursor string
}

// ListUserSessionsPage returns a page of a user's live sessions: the
// current one first, then newest sign-in first (created_at, then id,
// descending: an order that a session's use does not change, so pages
// never skip or repeat one). A cursor ValidSessionCursor refuses counts
// as none.
func (q *Queries) ListUserSessionsPage(ctx context.Context, orgID string, f SessionFilter) (*SessionPage, error) {
	query := `SELECT id, org_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions
		WHERE org_id = $1 AND user_id = $2 AND expires_at > $3 AND last_seen_at > $4`
	args := []any{orgID, f.UserID, at(f.Now), at(f.IdleCutoff), f.Current}
	order := ` ORDER BY CASE WHEN id = $5 THEN 0 ELSE 1 END, created_at DESC, id DESC`
	if v, ok := DecodeCursor("sessions", f.Cursor, 2); ok && ValidSessionCursor(f.Cursor) {
		t, _ := time.Parse(timeLayout, v[0])
		query += ` AND id <> $5 AND (created_at < $6 OR (created_at = $6 AND id < $7))`
		args = append(args, at(t), v[1])
		order = ` ORDER BY created_at DESC, id DESC`
	} else if _, ok := DecodeCursor("sessions", f.Cursor, 0); ok {
		query += ` AND id <> $5`
	}
	rows, err := q.db.QueryContext(ctx, query+order+` LIMIT `+itoa(f.Limit+1), args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	page := &SessionPage{Sessions: []*console.Session{}}
	for rows.Next() {
		var s console.Session
		if err := rows.Scan(&s.ID, &s.OrgID, &s.UserID, scanTime(&s.CreatedAt), scanTime(&s.LastSeenAt),
			scanTime(&s.ExpiresAt), &s.IP, &s.UserAgent); err != nil {
			return nil, mapError(err)
		}
		page.Sessions = append(page.Sessions, &s)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(page.Sessions) > f.Limit {
		page.Sessions = page.Sessions[:f.Limit]
		page.NextCursor = EncodeCursor("sessions") // after the current one alone: the others from the start
		if last := page.Sessions[f.Limit-1]; last.ID != f.Current {
			page.NextCursor = EncodeCursor("sessions", last.CreatedAt.UTC().Format(timeLayout), last.ID)
		}
	}
	return page, nil
}

// DeleteSessionsBefore removes sessions whose absolute expiry or idle limit
// has passed: expired before now, or last seen before idleCutoff. Like
// every end of a session it bumps the authorization version, here of each
// organization that lost one: another process's clock, or a touch racing
// the sweep, may still count such a session alive.
func (q *Queries) DeleteSessionsBefore(ctx context.Context, now, idleCutoff time.Time) (int64, error) {
	rows, err := q.db.QueryContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2 RETURNING org_id`,
		at(now), at(idleCutoff))
	if err != nil {
		return 0, mapError(err)
	}
	var n int64
	orgs := map[string]bool{}
	for rows.Next() {
		var orgID string
		if err := rows.Scan(&orgID); err != nil {
			rows.Close()
			return 0, mapError(err)
		}
		n++
		orgs[orgID] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, mapError(err)
	}
	for orgID := range orgs {
		if err := q.bumpAuthz(ctx, orgID); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// DeleteSessionByTokenHash ends the session whose token hashes to
// tokenHash, if any; a browser signing in again drops its old session.
func (q *Queries) DeleteSessionByTokenHash(ctx context.Context, tokenHash string) error {
	var orgID string
	err := q.db.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING org_id`, tokenHash).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return mapError(err)
	}
	return q.bumpAuthz(ctx, orgID)
}
