package service

import (
	"context"
	"fmt"
	"slices"

	"console/internal/console"
	"console/internal/store"
)

// PageRequest asks for one page of a list: at most Limit items (1 to
// MaxPageSize; 0 is DefaultPageSize) after Cursor, a NextCursor the same
// list gave ("" for the first page). Every list is in a fixed order with
// a unique tie-breaker and read by keyset (never an offset), so walking
// its pages gives each item once, even while items are added or removed.
type PageRequest struct {
	Limit  int
	Cursor string
}

// checkPage returns the page size p asks for, or console.KindInvalid
// naming "limit" or "cursor" (a cursor that valid refuses: made by
// another list, another order, or not by Console).
func checkPage(p PageRequest, valid func(string) bool) (int, error) {
	var errs console.FieldErrors
	if p.Limit < 0 || p.Limit > MaxPageSize {
		errs.Add("limit", fmt.Sprintf("Use a whole number from 1 to %d.", MaxPageSize))
	}
	if p.Cursor != "" && !valid(p.Cursor) {
		errs.Add("cursor", "This cursor is not one Console gave for this list; start from the first page.")
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	if p.Limit == 0 {
		return DefaultPageSize, nil
	}
	return p.Limit, nil
}

// GroupPage is one page of groups; NextCursor is "" on the last.
type GroupPage struct {
	Groups     []*console.Group
	NextCursor string
}

// GroupsPage returns a page of the actor's organization's groups with
// their permissions, by name (case and width folded) and then id. An
// invalid page is console.KindInvalid (see PageRequest). Requires
// users:read.
func (s *Service) GroupsPage(ctx context.Context, actor *console.Actor, p PageRequest) (*GroupPage, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	limit, err := checkPage(p, store.ValidGroupCursor)
	if err != nil {
		return nil, err
	}
	page, err := s.store.ListGroupsPage(ctx, actor.OrgID, p.Cursor, limit)
	if err != nil {
		return nil, err
	}
	return &GroupPage{Groups: page.Groups, NextCursor: page.NextCursor}, nil
}

// PermissionPage is one page of permissions; NextCursor is "" on the
// last.
type PermissionPage struct {
	Permissions []console.Permission
	NextCursor  string
}

// Permission cursors: the section ("builtin" or "own") and the name of
// the last permission listed.
const permissionsList = "permissions"

func validPermissionCursor(c string) bool {
	v, ok := store.DecodeCursor(permissionsList, c, 2)
	switch {
	case !ok:
		return false
	case v[0] == "builtin":
		return slices.ContainsFunc(console.BuiltInPermissions, func(p console.Permission) bool { return p.Name == v[1] })
	}
	return v[0] == "own" && console.ValidPermissionName(v[1])
}

// PermissionsPage returns a page of the permissions ListPermissions
// gives, in its order: Console's built-in ones (in their fixed order),
// then the organization's own by name. An invalid page is
// console.KindInvalid (see PageRequest). Requires users:read.
func (s *Service) PermissionsPage(ctx context.Context, actor *console.Actor, p PageRequest) (*PermissionPage, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	limit, err := checkPage(p, validPermissionCursor)
	if err != nil {
		return nil, err
	}
	list, after := []console.Permission{}, ""
	section := "builtin"
	if v, ok := store.DecodeCursor(permissionsList, p.Cursor, 2); ok {
		section, after = v[0], v[1]
	}
	if section == "builtin" {
		i := slices.IndexFunc(console.BuiltInPermissions, func(b console.Permission) bool { return b.Name == after })
		list = append(list, console.BuiltInPermissions[i+1:]...) // i is -1 on the first page
		after = ""
	}
	if len(list) <= limit {
		own, err := s.store.ListPermissionsPage(ctx, actor.OrgID, after, limit+1-len(list))
		if err != nil {
			return nil, err
		}
		list = append(list, own...)
	}
	page := &PermissionPage{Permissions: list}
	if len(list) > limit {
		page.Permissions = list[:limit]
		last := page.Permissions[limit-1]
		section = "own"
		if console.IsBuiltInPermission(last.Name) {
			section = "builtin"
		}
		page.NextCursor = store.EncodeCursor(permissionsList, section, last.Name)
	}
	return page, nil
}

// SessionPage is one page of the actor's sessions; NextCursor is "" on
// the last.
type SessionPage struct {
	Sessions   []SessionView
	NextCursor string
}

// MySessionsPage returns a page of the actor's live sessions: the one in
// use first, then newest sign-in first (an order their use does not
// change). Sessions past their idle or absolute limit, refused anyway,
// are left out. An invalid page is console.KindInvalid (see
// PageRequest).
func (s *Service) MySessionsPage(ctx context.Context, actor *console.Actor, p PageRequest) (*SessionPage, error) {
	if err := requirePerson(actor); err != nil {
		return nil, err
	}
	limit, err := checkPage(p, store.ValidSessionCursor)
	if err != nil {
		return nil, err
	}
	now := s.now()
	page, err := s.store.ListUserSessionsPage(ctx, actor.OrgID, store.SessionFilter{UserID: actor.UserID, Current: actor.SessionID,
		Now: now, IdleCutoff: now.Add(-s.cfg.Sessions.IdleTimeout), Cursor: p.Cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := &SessionPage{Sessions: make([]SessionView, len(page.Sessions)), NextCursor: page.NextCursor}
	for i, sess := range page.Sessions {
		out.Sessions[i] = newSessionView(sess, actor)
	}
	return out, nil
}
