package store

import (
	"context"

	"console/internal/console"
)

// GroupByID returns one group of the organization with its permissions
// and member count, or console.ErrNotFound.
func (q *Queries) GroupByID(ctx context.Context, orgID, id string) (*console.Group, error) {
	g := &console.Group{OrgID: orgID, Permissions: []string{}}
	var builtIn string
	err := q.db.QueryRowContext(ctx, `SELECT g.id, g.name, g.description, g.built_in, g.created_at, g.version,
		g.member_count
		FROM groups g WHERE g.org_id = $1 AND g.id = $2`, orgID, id).
		Scan(&g.ID, &g.Name, &g.Description, &builtIn, scanTime(&g.CreatedAt), &g.Version, &g.MemberCount)
	if err != nil {
		return nil, mapError(err)
	}
	g.BuiltIn = console.BuiltInGroup(builtIn)
	rows, err := q.db.QueryContext(ctx, `SELECT permission FROM group_permissions WHERE org_id = $1 AND group_id = $2
		ORDER BY permission`, orgID, id)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, mapError(err)
		}
		g.Permissions = append(g.Permissions, p)
	}
	return g, mapError(rows.Err())
}

// UpdateGroup renames and describes a group and bumps its version; a name
// taken in the organization is a conflict. It bumps the authorization
// version because cached answers name the groups that grant each
// permission.
func (q *Queries) UpdateGroup(ctx context.Context, orgID, id, name, description string) error {
	res, err := q.db.ExecContext(ctx, `UPDATE groups SET name = $1, name_key = $2, description = $3, version = version + 1
		WHERE org_id = $4 AND id = $5`,
		name, console.NameKey(name), description, orgID, id)
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// SetGroupPermissions makes perms the group's exact set of permissions and
// bumps its version.
func (q *Queries) SetGroupPermissions(ctx context.Context, orgID, groupID string, perms []string) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM group_permissions WHERE org_id = $1 AND group_id = $2`, orgID, groupID); err != nil {
		return mapError(err)
	}
	if _, err := q.db.ExecContext(ctx, `UPDATE groups SET version = version + 1 WHERE org_id = $1 AND id = $2`, orgID, groupID); err != nil {
		return mapError(err)
	}
	for _, p := range perms {
		if _, err := q.db.ExecContext(ctx, `INSERT INTO group_permissions (org_id, group_id, permission) VALUES ($1, $2, $3)`,
			orgID, groupID, p); err != nil {
			return mapError(err)
		}
	}
	return q.bumpAuthz(ctx, orgID)
}

// DeleteGroup removes a group with its memberships and permissions, and
// bumps the version of each member: their groups change.
func (q *Queries) DeleteGroup(ctx context.Context, orgID, id string) error {
	if _, err := q.db.ExecContext(ctx, `UPDATE users SET version = version + 1 WHERE org_id = $1 AND id IN
		(SELECT user_id FROM memberships WHERE org_id = $2 AND group_id = $3)`, orgID, orgID, id); err != nil {
		return mapError(err)
	}
	res, err := q.db.ExecContext(ctx, `DELETE FROM groups WHERE org_id = $1 AND id = $2`, orgID, id)
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// GroupMembers returns up to limit of the group's members, those who
// joined Console last first (the order of the memberships_group_members index, so
// a group of a million members costs no more than a small one).
func (q *Queries) GroupMembers(ctx context.Context, orgID, groupID string, limit int) ([]*console.User, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+userColumns+` FROM memberships m
		JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
		WHERE m.org_id = $1 AND m.group_id = $2 ORDER BY m.user_created_at DESC, m.user_id DESC LIMIT $3`, orgID, groupID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []*console.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, mapError(rows.Err())
}
