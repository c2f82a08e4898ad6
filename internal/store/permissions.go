package store

import (
	"context"
	"database/sql"
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
	rows, err := q.db.QueryContext(ctx, `SELECT name, description, version FROM permissions WHERE org_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []console.Permission{}
	for rows.Next() {
		var p console.Permission
		if err := rows.Scan(&p.Name, &p.Description, &p.Version); err != nil {
			return nil, mapError(err)
		}
		list = append(list, p)
	}
	return list, mapError(rows.Err())
}

// ListPermissionsPage returns up to limit of the organization's own
// permissions by name, those after the name after ("" for the first).
func (q *Queries) ListPermissionsPage(ctx context.Context, orgID, after string, limit int) ([]console.Permission, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT name, description, version FROM permissions WHERE org_id = $1 AND name > $2
		ORDER BY name LIMIT $3`, orgID, after, limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []console.Permission{}
	for rows.Next() {
		var p console.Permission
		if err := rows.Scan(&p.Name, &p.Description, &p.Version); err != nil {
			return nil, mapError(err)
		}
		list = append(list, p)
	}
	return list, mapError(rows.Err())
}

// PermissionByName returns one organization-defined permission, or
// console.ErrNotFound.
func (q *Queries) PermissionByName(ctx context.Context, orgID, name string) (*console.Permission, error) {
	p := &console.Permission{}
	err := q.db.QueryRowContext(ctx, `SELECT name, description, version FROM permissions WHERE org_id = $1 AND name = $2`,
		orgID, name).Scan(&p.Name, &p.Description, &p.Version)
	return p, mapError(err)
}

// UpdatePermission describes an organization-defined permission anew and
// bumps its version; console.ErrNotFound when there is no such permission.
func (q *Queries) UpdatePermission(ctx context.Context, orgID, name, description string) error {
	res, err := q.db.ExecContext(ctx, `UPDATE permissions SET description = $1, version = version + 1
		WHERE org_id = $2 AND name = $3`, description, orgID, name)
	return expectOne(res, err)
}

// DeletePermission removes an organization-defined permission from the
// catalog and from every group, bumping the version of each group that
// held it: a form showing it ticked is stale now.
func (q *Queries) DeletePermission(ctx context.Context, orgID, name string) error {
	if _, err := q.db.ExecContext(ctx, `UPDATE groups SET version = version + 1 WHERE org_id = $1 AND id IN
		(SELECT group_id FROM group_permissions WHERE org_id = $2 AND permission = $3)`, orgID, orgID, name); err != nil {
		return mapError(err)
	}
	if _, err := q.db.ExecContext(ctx, `DELETE FROM group_permissions WHERE org_id = $1 AND permission = $2`, orgID, name); err != nil {
		return mapError(err)
	}
	res, err := q.db.ExecContext(ctx, `DELETE FROM permissions WHERE org_id = $1 AND name = $2`, orgID, name)
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// userGrantsSQL finds a user's memberships by the primary key
// (TestListQueryPlans).
const userGrantsSQL = `SELECT gp.permission, g.id, g.name
		FROM memberships m
		JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
		JOIN group_permissions gp ON gp.org_id = g.org_id AND gp.group_id = g.id
		WHERE m.org_id = $1 AND m.user_id = $2 ORDER BY gp.permission, g.name_key`

// UserGrants returns each effective permission of a user with the groups
// that grant it, by permission then group name.
func (q *Queries) UserGrants(ctx context.Context, orgID, userID string) ([]console.Grant, error) {
	rows, err := q.db.QueryContext(ctx, userGrantsSQL, orgID, userID)
	if err != nil {
		return nil, mapError(err)
	}
	return scanGrants(rows)
}

// scanGrants reads rows of (permission, group id, group name) ordered by
// permission into grants, closing rows.
func scanGrants(rows *sql.Rows) ([]console.Grant, error) {
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

// GrantedPermissions returns every permission some group of the
// organization grants.
func (q *Queries) GrantedPermissions(ctx context.Context, orgID string) (console.PermissionSet, error) {
	return q.permissionSet(ctx, `SELECT DISTINCT permission FROM group_permissions WHERE org_id = $1`, orgID)
}

// MembersPermissions returns every permission held, through any of their
// groups, by the members of a group.
func (q *Queries) MembersPermissions(ctx context.Context, orgID, groupID string) (console.PermissionSet, error) {
	return q.permissionSet(ctx, `SELECT DISTINCT gp.permission FROM memberships m
		JOIN memberships m2 ON m2.org_id = m.org_id AND m2.user_id = m.user_id
		JOIN group_permissions gp ON gp.org_id = m2.org_id AND gp.group_id = m2.group_id
		WHERE m.org_id = $1 AND m.group_id = $2`, orgID, groupID)
}

// HoldersPermissions returns every permission held, through any of their
// groups, by the users holding perm.
func (q *Queries) HoldersPermissions(ctx context.Context, orgID, perm string) (console.PermissionSet, error) {
	return q.permissionSet(ctx, `SELECT DISTINCT gp2.permission FROM group_permissions gp
		JOIN memberships m ON m.org_id = gp.org_id AND m.group_id = gp.group_id
		JOIN memberships m2 ON m2.org_id = m.org_id AND m2.user_id = m.user_id
		JOIN group_permissions gp2 ON gp2.org_id = m2.org_id AND gp2.group_id = m2.group_id
		WHERE gp.org_id = $1 AND gp.permission = $2`, orgID, perm)
}

func (q *Queries) permissionSet(ctx context.Context, query string, args ...any) (console.PermissionSet, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	set := console.PermissionSet{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, mapError(err)
		}
		set[p] = struct{}{}
	}
	return set, mapError(rows.Err())
}
