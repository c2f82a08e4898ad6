package store

import (
	"context"
	"strings"
	"time"

	"console/internal/console"
)

// CreateGroup inserts g with its permissions, setting its ID. A name already
// used in the organization, compared by console.NameKey (case, width and
// invisible characters ignored), is a conflict.
func (q *Queries) CreateGroup(ctx context.Context, g *console.Group) error {
	g.ID, g.Version = newID(), 1
	_, err := q.db.ExecContext(ctx, `INSERT INTO groups (id, org_id, name, name_key, description, built_in, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		g.ID, g.OrgID, g.Name, console.NameKey(g.Name), g.Description, string(g.BuiltIn), at(g.CreatedAt))
	if err != nil {
		return mapError(err)
	}
	for _, p := range g.Permissions {
		if _, err := q.db.ExecContext(ctx, `INSERT INTO group_permissions (org_id, group_id, permission) VALUES ($1, $2, $3)`,
			g.OrgID, g.ID, p); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// GroupByBuiltIn returns the organization's built-in group key.
func (q *Queries) GroupByBuiltIn(ctx context.Context, orgID string, key console.BuiltInGroup) (*console.GroupRef, error) {
	var g console.GroupRef
	err := q.db.QueryRowContext(ctx, `SELECT id, name FROM groups WHERE org_id = $1 AND built_in = $2`, orgID, string(key)).
		Scan(&g.ID, &g.Name)
	return &g, mapError(err)
}

// ListGroups returns the organization's groups by name, with permissions.
func (q *Queries) ListGroups(ctx context.Context, orgID string) ([]*console.Group, error) {
	return q.listGroups(ctx, orgID, false, `SELECT `+groupColumns+` FROM groups g WHERE g.org_id = $1 ORDER BY g.name_key`, orgID)
}

// GroupPage is one page of groups; NextCursor is "" on the last.
type GroupPage struct {
	Groups     []*console.Group
	NextCursor string
}

// ListGroupsPage returns up to limit groups of the organization, with
// their permissions, by name (compared by console.NameKey) and then id,
// after cursor (a NextCursor it gave; "" or one ValidGroupCursor refuses
// starts at the first).
func (q *Queries) ListGroupsPage(ctx context.Context, orgID, cursor string, limit int) (*GroupPage, error) {
	query := `SELECT ` + groupColumns + ` FROM groups g WHERE g.org_id = $1`
	args := []any{orgID}
	if v, ok := DecodeCursor("groups", cursor, 2); ok {
		query += ` AND (g.name_key > $2 OR (g.name_key = $2 AND g.id > $3))`
		args = append(args, v[0], v[1])
	}
	query += ` ORDER BY g.name_key, g.id LIMIT ` + itoa(limit+1)
	list, err := q.listGroups(ctx, orgID, true, query, args...)
	if err != nil {
		return nil, err
	}
	page := &GroupPage{Groups: list}
	if len(list) > limit {
		page.Groups = list[:limit]
		last := page.Groups[limit-1]
		page.NextCursor = EncodeCursor("groups", console.NameKey(last.Name), last.ID)
	}
	return page, nil
}

const groupColumns = `g.id, g.name, g.description, g.built_in, g.created_at, g.version, g.member_count`

// listGroups runs a query of groupColumns and fills in the permissions
// of the groups found: of a page, found by their ids.
func (q *Queries) listGroups(ctx context.Context, orgID string, page bool, query string, args ...any) ([]*console.Group, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	groups := []*console.Group{}
	byID := map[string]*console.Group{}
	for rows.Next() {
		g := &console.Group{OrgID: orgID, Permissions: []string{}}
		var builtIn string
		if err := rows.Scan(&g.ID, &g.Name, &g.Description, &builtIn, scanTime(&g.CreatedAt), &g.Version, &g.MemberCount); err != nil {
			return nil, mapError(err)
		}
		g.BuiltIn = console.BuiltInGroup(builtIn)
		groups = append(groups, g)
		byID[g.ID] = g
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(groups) == 0 {
		return groups, nil
	}
	return groups, q.fillGroupPermissions(ctx, orgID, byID, page)
}

func (q *Queries) fillGroupPermissions(ctx context.Context, orgID string, byID map[string]*console.Group, page bool) error {
	query, args := `SELECT group_id, permission FROM group_permissions WHERE org_id = $1`, []any{orgID}
	if page { // a page's groups only: not every group's of a large organization
		marks := make([]string, 0, len(byID))
		for id := range byID {
			args = append(args, id)
			marks = append(marks, "$"+itoa(len(args)))
		}
		query += ` AND group_id IN (` + strings.Join(marks, ", ") + `)`
	}
	rows, err := q.db.QueryContext(ctx, query+` ORDER BY permission`, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var gid, perm string
		if err := rows.Scan(&gid, &perm); err != nil {
			return mapError(err)
		}
		if g := byID[gid]; g != nil {
			g.Permissions = append(g.Permissions, perm)
		}
	}
	return mapError(rows.Err())
}

// AddMember puts user userID into group groupID; both must belong to orgID
// (the composite foreign keys refuse anything else). Adding twice is a no-op.
func (q *Queries) AddMember(ctx context.Context, orgID, userID, groupID string, now time.Time) error {
	if err := q.insertMemberships(ctx, orgID, userID, []string{groupID}, now); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// AddNewUserGroups puts a user created in this same transaction into
// groupIDs. Unlike AddMember it leaves the authorization version alone: no
// session or cached answer can know a user who did not exist, and a bump
// would drop every cached answer of the organization at each invitation.
func (q *Queries) AddNewUserGroups(ctx context.Context, orgID, userID string, groupIDs []string, now time.Time) error {
	return q.insertMemberships(ctx, orgID, userID, groupIDs, now)
}

// insertMemberships puts userID into groupIDs; a membership held already
// is left as it is.
func (q *Queries) insertMemberships(ctx context.Context, orgID, userID string, groupIDs []string, now time.Time) error {
	for _, gid := range groupIDs {
		if _, err := q.db.ExecContext(ctx, `INSERT INTO memberships (org_id, user_id, group_id, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, group_id) DO NOTHING`, orgID, userID, gid, at(now)); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// UserPermissions returns the union of the permissions of userID's groups.
func (q *Queries) UserPermissions(ctx context.Context, orgID, userID string) (console.PermissionSet, error) {
	return q.permissionSet(ctx, `SELECT DISTINCT gp.permission
		FROM memberships m JOIN group_permissions gp ON gp.group_id = m.group_id AND gp.org_id = m.org_id
		WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID)
}

// RemoveMember takes user userID out of group groupID; console.ErrNotFound
// when the user was not a member.
func (q *Queries) RemoveMember(ctx context.Context, orgID, userID, groupID string) error {
	res, err := q.db.ExecContext(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2 AND group_id = $3`, orgID, userID, groupID)
	if err := expectOne(res, err); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}
