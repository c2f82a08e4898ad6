package store

import (
	"context"

	"console/internal/console"
)

// InsertSignInAttempt records one try to sign in with its true result.
// a.OrgID is empty when the company slug matched no organization.
func (q *Queries) InsertSignInAttempt(ctx context.Context, a *console.SignInAttempt) error {
	a.ID = newID()
	_, err := q.db.ExecContext(ctx, `INSERT INTO sign_in_attempts (id, org_id, user_id, email, result, ip, user_agent, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		a.ID, nullIfEmpty(a.OrgID), nullIfEmpty(a.UserID), a.Email, string(a.Result), a.IP, a.UserAgent, at(a.CreatedAt))
	return mapError(err)
}

// ListSignInAttempts returns the organization's latest attempts, newest
// first; with userID set, only that user's.
func (q *Queries) ListSignInAttempts(ctx context.Context, orgID, userID string, limit int) ([]*console.SignInAttempt, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, COALESCE(user_id, ''), email, result, ip, user_agent, created_at
		FROM sign_in_attempts WHERE org_id = $1 AND ($2 = '' OR user_id = $3)
		ORDER BY created_at DESC, id DESC LIMIT $4`, orgID, userID, userID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []*console.SignInAttempt{}
	for rows.Next() {
		a := &console.SignInAttempt{OrgID: orgID}
		var result string
		if err := rows.Scan(&a.ID, &a.UserID, &a.Email, &result, &a.IP, &a.UserAgent, scanTime(&a.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		a.Result = console.SignInResult(result)
		list = append(list, a)
	}
	return list, mapError(rows.Err())
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
