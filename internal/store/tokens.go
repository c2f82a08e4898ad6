package store

import (
	"context"
	"time"

	"console/internal/console"
)

// TokenPurpose says what a one-time user token is for.
type TokenPurpose string

// The token purposes.
const (
	PurposeInvitation    TokenPurpose = "invitation"
	PurposePasswordReset TokenPurpose = "password_reset"
)

// CreateUserToken stores the hash of a one-time token for a user.
func (q *Queries) CreateUserToken(ctx context.Context, orgID, userID string, purpose TokenPurpose, tokenHash string, now, expires time.Time) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO user_tokens (id, org_id, user_id, purpose, token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, newID(), orgID, userID, string(purpose), tokenHash, at(now), at(expires))
	return mapError(err)
}

// ConsumeUserToken marks the unexpired, unused token with tokenHash as used
// and returns its organization and user. Of two concurrent calls exactly one
// succeeds; the other, like any unknown, used or expired token, gets
// console.ErrNotFound.
func (q *Queries) ConsumeUserToken(ctx context.Context, purpose TokenPurpose, tokenHash string, now time.Time) (orgID, userID string, err error) {
	err = q.db.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $4
		RETURNING org_id, user_id`, at(now), tokenHash, string(purpose), at(now)).Scan(&orgID, &userID)
	return orgID, userID, mapError(err)
}

// TokenState tells why a token cannot be used.
type TokenState string

// The token states.
const (
	TokenValid   TokenState = "valid"
	TokenUsed    TokenState = "used"
	TokenExpired TokenState = "expired"
	TokenUnknown TokenState = "unknown"
)

// PeekUserToken reports the state of a token without consuming it, and the
// email of its user, so a page can greet the user or explain a dead link.
func (q *Queries) PeekUserToken(ctx context.Context, purpose TokenPurpose, tokenHash string, now time.Time) (TokenState, *console.User, error) {
	var expires time.Time
	var used *time.Time
	var u console.User
	err := q.db.QueryRowContext(ctx, `SELECT t.expires_at, t.used_at, u.id, u.org_id, u.email, u.name
		FROM user_tokens t JOIN users u ON u.org_id = t.org_id AND u.id = t.user_id
		WHERE t.token_hash = $1 AND t.purpose = $2`, tokenHash, string(purpose)).
		Scan(scanTime(&expires), scanNullTime(&used), &u.ID, &u.OrgID, &u.Email, &u.Name)
	switch {
	case console.KindOf(mapError(err)) == console.KindNotFound:
		return TokenUnknown, nil, nil
	case err != nil:
		return "", nil, mapError(err)
	case used != nil:
		return TokenUsed, &u, nil
	case !now.Before(expires):
		return TokenExpired, &u, nil
	}
	return TokenValid, &u, nil
}

// CreateSetupToken stores the hash of a one-time setup link.
func (q *Queries) CreateSetupToken(ctx context.Context, tokenHash string, now, expires time.Time) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)`,
		tokenHash, at(now), at(expires))
	return mapError(err)
}

// SetupTokenValid reports whether tokenHash is an unexpired setup token.
func (q *Queries) SetupTokenValid(ctx context.Context, tokenHash string, now time.Time) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2`,
		tokenHash, at(now)).Scan(&n)
	return n > 0, mapError(err)
}

// ConsumeSetupToken uses up the unexpired setup token with tokenHash: of
// concurrent uses exactly one succeeds (the row lock serializes them), the
// others get console.ErrNotFound.
func (q *Queries) ConsumeSetupToken(ctx context.Context, tokenHash string, now time.Time) error {
	res, err := q.db.ExecContext(ctx, `DELETE FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2`, tokenHash, at(now))
	return expectOne(res, err)
}

// DeleteSetupTokens removes every setup token: setup happens once.
func (q *Queries) DeleteSetupTokens(ctx context.Context) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM setup_tokens`)
	return mapError(err)
}

// DeleteUserLinks kills every unused activation and reset link of a user
// (cancelling the emails still to send with them) and records now as when their credentials changed, so that an email job
// queued before cannot issue a new link (see
// console.User.CredentialsChangedSince).
func (q *Queries) DeleteUserLinks(ctx context.Context, orgID, userID string, now time.Time) error {
	if err := q.CancelLinkEmails(ctx, orgID, userID, "", now); err != nil {
		return err
	}
	if _, err := q.db.ExecContext(ctx, `DELETE FROM user_tokens WHERE org_id = $1 AND user_id = $2 AND used_at IS NULL`, orgID, userID); err != nil {
		return mapError(err)
	}
	_, err := q.db.ExecContext(ctx, `UPDATE users SET credentials_changed_at = $1 WHERE org_id = $2 AND id = $3`, at(now), orgID, userID)
	return mapError(err)
}
