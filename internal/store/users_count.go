package store

import (
	"context"
	"strings"
)

// CountUsers returns how many of the organization's users f keeps, read
// from the counts that triggers keep in the transaction of every change
// (migration 0011): per organization and status, and per group and status.
// It costs a row or three whatever the organization's size. A search and
// the expired-invitations filter are not counted (counted is false): no
// count is kept of them, and counting their matches could cost as much as
// the organization.
func (q *Queries) CountUsers(ctx context.Context, orgID string, f UserFilter) (n int64, counted bool, err error) {
	if strings.TrimSpace(f.Query) != "" || f.InvitationExpired {
		return 0, false, nil
	}
	query, args := `SELECT COALESCE(SUM(n), 0) FROM user_counts WHERE org_id = $1`, []any{orgID}
	if f.GroupID != "" {
		query, args = `SELECT COALESCE(SUM(n), 0) FROM group_member_counts WHERE org_id = $1 AND group_id = $2`,
			append(args, f.GroupID)
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		query += ` AND status = $` + itoa(len(args))
	}
	err = q.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err == nil, mapError(err)
}
