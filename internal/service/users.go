package service

import (
	"context"

	"console/internal/console"
	"console/internal/store"
)

// UserListFilter selects users for ListUsers.
type UserListFilter = store.UserFilter

// StatusFilterExpired selects Invited users whose link has expired.
const StatusFilterExpired console.Status = "expired"

// Page limits for user lists.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// ListUsers returns one page of the actor's organization's users.
// Requires users:read.
func (s *Service) ListUsers(ctx context.Context, actor *console.Actor, f UserListFilter) (*store.UserPage, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	var errs console.FieldErrors
	if f.Status == StatusFilterExpired {
		f.Status, f.InvitationExpired = "", true
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.Add("status", "Use one of invited, active, inactive, expired.")
	}
	if f.GroupID != "" && !store.ValidID(f.GroupID) {
		errs.Add("group", "Unknown group.")
	}
	if f.Limit > MaxPageSize {
		errs.Add("limit", "Use a whole number from 1 to 200.")
	}
	if f.Cursor != "" && !store.ValidCursor(f.Cursor) {
		errs.Add("cursor", "This cursor is not one Console gave; start from the first page.")
	}
	q, err := console.ValidateSearch("q", f.Query)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	f.Query = q
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultPageSize
	}
	f.Limit = min(f.Limit, MaxPageSize)
	f.Now = s.now()
	return s.store.ListUsers(ctx, actor.OrgID, f)
}

// UserDetail is a user with the effective permissions of their groups.
type UserDetail struct {
	*console.User
	Permissions []string
	// Grants says which groups give each permission.
	Grants []console.Grant
}

// GetUser returns a user of the actor's organization; another
// organization's user is console.ErrNotFound. Requires users:read, except
// for the actor's own profile.
func (s *Service) GetUser(ctx context.Context, actor *console.Actor, id string) (*UserDetail, error) {
	if actor == nil {
		return nil, console.ErrUnauthenticated
	}
	if id != actor.UserID {
		if err := actor.Require(console.PermUsersRead); err != nil {
			return nil, err
		}
	}
	if !store.ValidID(id) {
		return nil, console.ErrNotFound
	}
	u, err := s.store.UserByID(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	grants, err := s.store.UserGrants(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	perms := make([]string, len(grants))
	for i, g := range grants {
		perms[i] = g.Permission
	}
	return &UserDetail{User: u, Permissions: perms, Grants: grants}, nil
}

// Org returns the actor's organization.
func (s *Service) Org(ctx context.Context, actor *console.Actor) (*console.Org, error) {
	if actor == nil {
		return nil, console.ErrUnauthenticated
	}
	return s.store.OrgByID(ctx, actor.OrgID)
}
