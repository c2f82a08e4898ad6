package store

import (
	"context"
	"time"

	"console/internal/console"
)

// CreatePermission adds an organization-defined permission; a name already
// defined is a conflict.
func (q *Queries) CreatePermission(ctx context.Context, orgID string, p console.Permission, now time.Time) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO permissions (org_id, name, description, created_at) VALUES ($1, $2, $3, $4)`,
		orgID, p.Name, p.Description, at(now))
	return mapError(err)
}

// ListPermissions returns the organization-defined permissions by name.
func (q *Queries) ListPermissions(ctx context.Context, orgID string) ([]console.Permission, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT name, description FROM permissions WHERE org_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []console.Permission{}
	for rows.Next() {
		var p console.Permission
		if err := rows.Scan(&p.Name, &p.Description); err != nil {
			return nil, mapError(err)
		}
		list = append(list, p)
	}
	return list, mapError(rows.Err())
}

// DeletePermission removes an organization-defined permission from the
// catalog and from every group.
func (q *Queries) DeletePermission(ctx context.Context, orgID, name string) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM group_permissions WHERE org_id = $1 AND permission = $2`, orgID, name); err != nil {
		return mapError(err)
	}
	res, err := q.db.ExecContext(ctx, `DELETE FROM permissions WHERE org_id = $1 AND name = $2`, orgID, name)
	return expectOne(res, err)
}

// UserGrants returns each effective permission of a user with the groups
// that grant it, by permission then group name.
func (q *Queries) UserGrants(ctx context.Context, orgID, userID string) ([]console.Grant, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT gp.permission, g.id, g.name
		FROM memberships m
		JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
		JOIN group_permissions gp ON gp.org_id = g.org_id AND gp.group_id = g.id
		WHERE m.org_id = $1 AND m.user_id = $2 ORDER BY gp.permission, g.name_key`, orgID, userID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	grants := []console.Grant{}
	for rows.Next() {
		var perm string
		var g console.GroupRef
		if err := rows.Scan(&perm, &g.ID, &g.Name); err != nil {
			return nil, mapError(err)
		}
		if n := len(grants); n > 0 && grants[n-1].Permission == perm {
			grants[n-1].Via = append(grants[n-1].Via, g)
		} else {
			grants = append(grants, console.Grant{Permission: perm, Via: []console.GroupRef{g}})
		}
	}
	return grants, mapError(rows.Err())
}

// CheckPermission returns the status of a user of the organization and the
// groups through which it holds perm (none when it does not), in one query.
// console.ErrNotFound when there is no such user.
func (q *Queries) CheckPermission(ctx context.Context, orgID, userID, perm string) (console.Status, []console.GroupRef, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT u.status, g.id, g.name FROM users u
		LEFT JOIN memberships m ON m.org_id = u.org_id AND m.user_id = u.id
			AND EXISTS (SELECT 1 FROM group_permissions gp WHERE gp.group_id = m.group_id AND gp.org_id = m.org_id AND gp.permission = $1)
		LEFT JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
		WHERE u.org_id = $2 AND u.id = $3 ORDER BY g.name_key`, perm, orgID, userID)
	if err != nil {
		return "", nil, mapError(err)
	}
	defer rows.Close()
	var status string
	via := []console.GroupRef{}
	found := false
	for rows.Next() {
		var gid, gname *string
		if err := rows.Scan(&status, &gid, &gname); err != nil {
			return "", nil, mapError(err)
		}
		found = true
		if gid != nil {
			via = append(via, console.GroupRef{ID: *gid, Name: *gname})
		}
	}
	if err := rows.Err(); err != nil {
		return "", nil, mapError(err)
	}
	if !found {
		return "", nil, console.ErrNotFound
	}
	return console.Status(status), via, nil
}
