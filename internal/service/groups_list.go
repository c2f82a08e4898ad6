package service

import (
	"context"

	"console/internal/console"
)

// ListGroups returns the actor's organization's groups by name, with their
// permissions, e.g. for the group checkboxes of the invite and edit forms.
// Requires users:read.
func (s *Service) ListGroups(ctx context.Context, actor *console.Actor) ([]*console.Group, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	return s.store.ListGroups(ctx, actor.OrgID)
}

// InvitationGroups returns the groups an inviter chooses from, by name,
// with their permissions. Requires users:invite only: whoever may invite
// may name groups in an invitation (InviteUser then checks that they may
// grant them), so they may see which exist.
func (s *Service) InvitationGroups(ctx context.Context, actor *console.Actor) ([]*console.Group, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	return s.store.ListGroups(ctx, actor.OrgID)
}
