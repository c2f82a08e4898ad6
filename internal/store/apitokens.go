package store

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"time"

	"console/internal/console"
)

// optAt is at(*t), or NULL when t is nil.
func optAt(t *time.Time) driver.Valuer {
	if t == nil {
		return nullArg{}
	}
	return at(*t)
}

type nullArg struct{}

func (nullArg) Value() (driver.Value, error) { return nil, nil }

const apiTokenColumns = `t.id, t.org_id, t.name, t.created_by, t.created_by_name, t.created_at, t.expires_at,
	t.last_used_at, t.last_used_ip, t.revoked_at, t.revoked_reason, COALESCE(u.status, '')`

// apiTokenFrom joins each token's creator, for the creator's status now.
const apiTokenFrom = ` FROM api_tokens t LEFT JOIN users u ON u.org_id = t.org_id AND u.id = t.created_by AND t.created_by <> ''`

func scanAPIToken(s interface{ Scan(...any) error }, extra ...any) (*console.APIToken, error) {
	t := &console.APIToken{}
	var status string
	dest := append([]any{&t.ID, &t.OrgID, &t.Name, &t.CreatedBy, &t.CreatedByName, scanTime(&t.CreatedAt),
		scanNullTime(&t.ExpiresAt), scanNullTime(&t.LastUsedAt), &t.LastUsedIP, scanNullTime(&t.RevokedAt),
		&t.RevokedReason, &status}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, mapError(err)
	}
	t.CreatorStatus = console.Status(status)
	return t, nil
}

// CreateAPIToken stores t (setting its ID) with the hash of its secret and
// the groups it carries, which must be the organization's.
func (q *Queries) CreateAPIToken(ctx context.Context, t *console.APIToken, tokenHash string) error {
	t.ID = newID()
	_, err := q.db.ExecContext(ctx, `INSERT INTO api_tokens (id, org_id, name, token_hash, created_by, created_by_name,
		created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.ID, t.OrgID, t.Name, tokenHash, t.CreatedBy, t.CreatedByName, at(t.CreatedAt), optAt(t.ExpiresAt))
	if err != nil {
		return mapError(err)
	}
	for _, g := range t.Groups {
		if _, err := q.db.ExecContext(ctx, `INSERT INTO api_token_groups (org_id, token_id, group_id) VALUES ($1, $2, $3)`,
			t.OrgID, t.ID, g.ID); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// CountLiveAPITokens counts the organization's tokens neither revoked
// nor expired at now.
func (q *Queries) CountLiveAPITokens(ctx context.Context, orgID string, now time.Time) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL
		AND (expires_at IS NULL OR expires_at > $2)`, orgID, at(now)).Scan(&n)
	return n, mapError(err)
}

// APITokenForRequest returns the token whose secret hashes to tokenHash
// (without its groups) and its organization's authorization version, in
// one query; console.ErrNotFound when there is none.
func (q *Queries) APITokenForRequest(ctx context.Context, tokenHash string) (*console.APIToken, int64, error) {
	var version int64
	t, err := scanAPIToken(q.db.QueryRowContext(ctx, `SELECT `+apiTokenColumns+`, o.authz_version`+apiTokenFrom+`
		JOIN organizations o ON o.id = t.org_id WHERE t.token_hash = $1`, tokenHash), &version)
	return t, version, err
}

// TokenGrants returns each permission an API token holds with the groups
// that grant it, by permission then group name.
func (q *Queries) TokenGrants(ctx context.Context, orgID, tokenID string) ([]console.Grant, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT gp.permission, g.id, g.name
		FROM api_token_groups tg
		JOIN groups g ON g.org_id = tg.org_id AND g.id = tg.group_id
		JOIN group_permissions gp ON gp.org_id = g.org_id AND gp.group_id = g.id
		WHERE tg.org_id = $1 AND tg.token_id = $2 ORDER BY gp.permission, g.name_key`, orgID, tokenID)
	if err != nil {
		return nil, mapError(err)
	}
	return scanGrants(rows)
}

// APITokenByID returns one of the organization's tokens with its groups,
// or console.ErrNotFound.
func (q *Queries) APITokenByID(ctx context.Context, orgID, id string) (*console.APIToken, error) {
	t, err := scanAPIToken(q.db.QueryRowContext(ctx, `SELECT `+apiTokenColumns+apiTokenFrom+`
		WHERE t.org_id = $1 AND t.id = $2`, orgID, id))
	if err != nil {
		return nil, err
	}
	return t, q.fillTokenGroups(ctx, orgID, []*console.APIToken{t})
}

// APITokenPage is one page of tokens and the cursor of the next, "" at
// the end.
type APITokenPage struct {
	Tokens     []*console.APIToken
	NextCursor string
}

// ListAPITokens returns a page of the organization's tokens with their
// groups, newest first, revoked ones included. cursor is a page's
// NextCursor; one ListAPITokens did not make is treated as none.
func (q *Queries) ListAPITokens(ctx context.Context, orgID, cursor string, limit int) (*APITokenPage, error) {
	args := []any{orgID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var b strings.Builder
	b.WriteString(`SELECT ` + apiTokenColumns + apiTokenFrom + ` WHERE t.org_id = $1`)
	if c, id, ok := decodeTimeCursor("tokens", cursor); ok {
		b.WriteString(` AND (t.created_at < ` + arg(at(c)) + ` OR (t.created_at = ` + arg(at(c)) + ` AND t.id < ` + arg(id) + `))`)
	}
	b.WriteString(` ORDER BY t.created_at DESC, t.id DESC LIMIT ` + arg(limit+1))
	rows, err := q.db.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	page := &APITokenPage{Tokens: []*console.APIToken{}}
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, err
		}
		page.Tokens = append(page.Tokens, t)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(page.Tokens) > limit {
		page.Tokens = page.Tokens[:limit]
		last := page.Tokens[limit-1]
		page.NextCursor = encodeTimeCursor("tokens", last.CreatedAt, last.ID)
	}
	return page, q.fillTokenGroups(ctx, orgID, page.Tokens)
}

// fillTokenGroups sets the Groups of each token, by group name.
func (q *Queries) fillTokenGroups(ctx context.Context, orgID string, tokens []*console.APIToken) error {
	if len(tokens) == 0 {
		return nil
	}
	byID := make(map[string]*console.APIToken, len(tokens))
	args := []any{orgID}
	marks := make([]string, len(tokens))
	for i, t := range tokens {
		t.Groups = []console.GroupRef{}
		byID[t.ID] = t
		args = append(args, t.ID)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	rows, err := q.db.QueryContext(ctx, `SELECT tg.token_id, g.id, g.name FROM api_token_groups tg
		JOIN groups g ON g.org_id = tg.org_id AND g.id = tg.group_id
		WHERE tg.org_id = $1 AND tg.token_id IN (`+strings.Join(marks, ", ")+`) ORDER BY g.name_key`, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tokenID string
		var g console.GroupRef
		if err := rows.Scan(&tokenID, &g.ID, &g.Name); err != nil {
			return mapError(err)
		}
		byID[tokenID].Groups = append(byID[tokenID].Groups, g)
	}
	return mapError(rows.Err())
}

// RevokeAPIToken marks a live token revoked for reason; console.ErrNotFound
// when the organization has no such token or it is already revoked.
func (q *Queries) RevokeAPIToken(ctx context.Context, orgID, id string, now time.Time, reason string) error {
	var got string
	err := q.db.QueryRowContext(ctx, `UPDATE api_tokens SET revoked_at = $1, revoked_reason = $2
		WHERE org_id = $3 AND id = $4 AND revoked_at IS NULL RETURNING id`, at(now), reason, orgID, id).Scan(&got)
	return mapError(err)
}

// RevokeAPITokensOf revokes every live token made by the user, returning
// their ids.
func (q *Queries) RevokeAPITokensOf(ctx context.Context, orgID, userID string, now time.Time, reason string) ([]string, error) {
	return q.queryStrings(ctx, `UPDATE api_tokens SET revoked_at = $1, revoked_reason = $2
		WHERE org_id = $3 AND created_by = $4 AND revoked_at IS NULL RETURNING id`, at(now), reason, orgID, userID)
}

// TouchAPIToken records a use of the token: when and from which address.
func (q *Queries) TouchAPIToken(ctx context.Context, orgID, id string, now time.Time, ip string) error {
	_, err := q.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1, last_used_ip = $2 WHERE org_id = $3 AND id = $4`,
		at(now), ip, orgID, id)
	return mapError(err)
}
