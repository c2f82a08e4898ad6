package service

import (
	"context"
	"strings"

	"console/internal/console"
	"console/internal/store"
)

// resolveGroups turns group ids or names into the organization's groups;
// an unknown one is an invalid "groups" field.
func (s *Service) resolveGroups(ctx context.Context, q store.Reads, orgID string, refs []string) ([]*console.Group, error) {
	found, unknown, err := q.GroupsByRefs(ctx, orgID, refs)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		return nil, console.Invalid(console.FieldError{Field: "groups", Message: "Unknown group: " + console.ClipList(unknown) + "."})
	}
	return found, nil
}

// checkGrant refuses to let actor give or take away a group holding any
// permission the actor lacks: nobody hands out more than they hold.
func checkGrant(actor *console.Actor, groups []*console.Group) error {
	for _, g := range groups {
		if err := actor.MayGrant(g); err != nil {
			return err
		}
	}
	return nil
}

func groupIDs(groups []*console.Group) []string {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	return ids
}

func groupNames(groups []*console.Group) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	return strings.Join(names, ", ")
}
