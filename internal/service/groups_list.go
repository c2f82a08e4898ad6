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
