package store

import (
	"context"
	"time"

	"console/internal/console"
)

// UserChanges is a partial update of a user's profile; nil fields stay.
type UserChanges struct {
	Name  *string
	Email *string
}

// UpdateUser applies c to the user if its version is still version, and
// bumps the version. It returns console.ErrStaleVersion when someone else
// changed the user first, console.ErrNotFound when there is no such user,
// and a conflict when another user holds the new email's console.EmailKey.
// A new email ends a user's standing as a pre-existing duplicate.
func (q *Queries) UpdateUser(ctx context.Context, orgID, id string, version int64, c UserChanges) error {
	var name, email, key any
	if c.Name != nil {
		name = *c.Name
	}
	if c.Email != nil {
		k := console.EmailKey(*c.Email)
		if err := q.emailFree(ctx, orgID, k, id); err != nil {
			return err
		}
		email, key = *c.Email, k
	}
	res, err := q.db.ExecContext(ctx, `UPDATE users SET name = COALESCE($1, name), email = COALESCE($2, email),
		email_key = COALESCE($3, email_key), email_key_of = COALESCE($2, email_key_of),
		email_dup = CASE WHEN $3 IS NULL THEN email_dup ELSE '' END, version = version + 1
		WHERE org_id = $4 AND id = $5 AND version = $6`, name, email, key, orgID, id, version)
	if err := expectOne(res, err); err == nil {
		if err := q.setSearchKey(ctx, orgID, id); err != nil {
			return err
		}
		return q.bumpAuthz(ctx, orgID) // signed-in actors carry their email
	} else if console.KindOf(err) != console.KindNotFound {
		return err
	}
	if _, err := q.UserByID(ctx, orgID, id); err != nil {
		return err
	}
	return console.ErrStaleVersion
}

// BumpUserVersion marks the user changed (e.g. its groups) for If-Match.
func (q *Queries) BumpUserVersion(ctx context.Context, orgID, id string) error {
	res, err := q.db.ExecContext(ctx, `UPDATE users SET version = version + 1 WHERE org_id = $1 AND id = $2`, orgID, id)
	return expectOne(res, err)
}

// SetUserStatus moves a user from status from to status to, setting
// deactivated_at as given. It returns console.ErrNotFound unless the user
// is in status from, so a concurrent change cannot be overwritten.
func (q *Queries) SetUserStatus(ctx context.Context, orgID, id string, from, to console.Status, deactivatedAt *time.Time) error {
	res, err := q.db.ExecContext(ctx, `UPDATE users SET status = $1, deactivated_at = $2, version = version + 1
		WHERE org_id = $3 AND id = $4 AND status = $5`, string(to), atOrNil(deactivatedAt), orgID, id, string(from))
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// DeleteUser removes a user in status status with everything personal
// hanging off it: memberships, sessions, tokens, sign-in attempts. Audit
// events keep the id as a tombstone. console.ErrNotFound unless the user
// exists in that status.
func (q *Queries) DeleteUser(ctx context.Context, orgID, id string, status console.Status) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM sign_in_attempts WHERE org_id = $1 AND user_id = $2`, orgID, id); err != nil {
		return mapError(err)
	}
	res, err := q.db.ExecContext(ctx, `DELETE FROM users WHERE org_id = $1 AND id = $2 AND status = $3`, orgID, id, string(status))
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// SetUserGroups makes groupIDs the user's exact set of groups.
func (q *Queries) SetUserGroups(ctx context.Context, orgID, userID string, groupIDs []string, now time.Time) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID); err != nil {
		return mapError(err)
	}
	for _, gid := range groupIDs {
		if err := q.AddMember(ctx, orgID, userID, gid, now); err != nil {
			return err
		}
	}
	return q.bumpAuthz(ctx, orgID)
}

// ActiveHolderExists reports whether an Active user of the organization
// holds perm through any group. It stops at the first: the cost does not
// grow with the number of holders.
func (q *Queries) ActiveHolderExists(ctx context.Context, orgID, perm string) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM group_permissions gp
		JOIN memberships m ON m.org_id = gp.org_id AND m.group_id = gp.group_id
		JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
		WHERE gp.org_id = $1 AND gp.permission = $2 AND u.status = 'active' LIMIT 1) x`,
		orgID, perm).Scan(&n)
	return n > 0, mapError(err)
}

// ActiveHolders returns up to limit ids of the Active users holding perm
// through some group.
func (q *Queries) ActiveHolders(ctx context.Context, orgID, perm string, limit int) ([]string, error) {
	return q.queryStrings(ctx, `SELECT DISTINCT u.id FROM group_permissions gp
		JOIN memberships m ON m.org_id = gp.org_id AND m.group_id = gp.group_id
		JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
		WHERE gp.org_id = $1 AND gp.permission = $2 AND u.status = 'active' LIMIT $3`, orgID, perm, limit)
}

// DeleteUnusedTokens kills a user's unused tokens of one purpose, so only
// the next one issued works; emails still to send with them are cancelled
// (see CancelLinkEmails).
func (q *Queries) DeleteUnusedTokens(ctx context.Context, orgID, userID string, purpose TokenPurpose, now time.Time) error {
	if err := q.CancelLinkEmails(ctx, orgID, userID, purpose, now); err != nil {
		return err
	}
	_, err := q.db.ExecContext(ctx, `DELETE FROM user_tokens WHERE org_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL`,
		orgID, userID, string(purpose))
	return mapError(err)
}
