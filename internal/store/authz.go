package store

import (
	"context"

	"console/internal/console"
)

// bumpAuthz marks, in the current transaction, that who holds what changed
// in the organization. Every write that can change a user's effective
// permissions, status or identity, or end a session, calls it, so caches
// keyed by the version (permissions, sessions) are never used past such a
// change.
func (q *Queries) bumpAuthz(ctx context.Context, orgID string) error {
	_, err := q.db.ExecContext(ctx, `UPDATE organizations SET authz_version = authz_version + 1 WHERE id = $1`, orgID)
	return mapError(err)
}

// AuthzVersion returns the organization's current authorization version.
func (q *Queries) AuthzVersion(ctx context.Context, orgID string) (int64, error) {
	var v int64
	err := q.db.QueryRowContext(ctx, `SELECT authz_version FROM organizations WHERE id = $1`, orgID).Scan(&v)
	return v, mapError(err)
}

// UserAuthz returns a user's status and grants, for the permission cache.
// console.ErrNotFound when the organization has no such user.
func (q *Queries) UserAuthz(ctx context.Context, orgID, userID string) (console.Status, []console.Grant, error) {
	var status string
	err := q.db.QueryRowContext(ctx, `SELECT status FROM users WHERE org_id = $1 AND id = $2`, orgID, userID).Scan(&status)
	if err != nil {
		return "", nil, mapError(err)
	}
	grants, err := q.UserGrants(ctx, orgID, userID)
	return console.Status(status), grants, err
}
