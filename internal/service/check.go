package service

import (
	"context"
	"strings"

	"console/internal/console"
	"console/internal/store"
)

// CheckResult answers "may this user do this?".
type CheckResult struct {
	Allowed bool
	// Via lists the groups granting the permission; empty when not allowed.
	Via []console.GroupRef
	// Status is the user's; only Active users are allowed anything.
	Status console.Status
}

// Check tells whether user (an id or an email of the actor's organization)
// holds permission now, and through which groups. Invited and Inactive
// users hold nothing. Another organization's user is console.ErrNotFound.
// Requires users:read.
func (s *Service) Check(ctx context.Context, actor *console.Actor, user, permission string) (*CheckResult, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	if permission == "" || !console.ValidPermissionName(permission) {
		return nil, console.Invalid(console.FieldError{Field: "permission", Message: `Name a permission like "content:edit".`})
	}
	id, err := s.userID(ctx, actor.OrgID, user)
	if err != nil {
		return nil, err
	}
	version := actor.AuthzVersion
	if version == 0 {
		if version, err = s.store.AuthzVersion(ctx, actor.OrgID); err != nil {
			return nil, err
		}
	}
	ua, err := s.userAuthz(ctx, actor.OrgID, version, id)
	if err != nil {
		return nil, err
	}
	via := ua.via[permission]
	if ua.status != console.StatusActive || via == nil {
		via = []console.GroupRef{}
	}
	return &CheckResult{Allowed: len(via) > 0, Via: via, Status: ua.status}, nil
}

// userID resolves a user reference: an id as is, an email by lookup.
func (s *Service) userID(ctx context.Context, orgID, ref string) (string, error) {
	if store.ValidID(ref) {
		return strings.ToLower(ref), nil // ids are kept in lower case
	}
	u, err := s.store.UserByEmail(ctx, orgID, ref)
	if err != nil {
		return "", err
	}
	return u.ID, nil
}
