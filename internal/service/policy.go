package service

import (
	"context"
	"slices"

	"console/internal/console"
	"console/internal/store"
)

var errLastManager = console.Errorf(console.KindConflict,
	"This is the last active user who can manage groups; give someone else that permission first.")

// requireAManager is the one "keep an active group manager" rule, asked
// after every change that can take groups:manage from someone (a
// deactivation, a change of someone's groups, a group's permissions,
// members or deletion), inside the change's transaction: errLastManager
// when, with the change made, no Active user of the organization holds
// groups:manage, and the caller's transaction then rolls the change back.
// Without it nobody could ever grant anything again.
func requireAManager(ctx context.Context, q *store.Queries, orgID string) error {
	some, err := q.ActiveHolderExists(ctx, orgID, console.PermGroupsManage)
	if err == nil && !some {
		return errLastManager
	}
	return err
}

// KeptManager returns the id of the one person whom requireAManager would
// keep in group g: the only Active user holding groups:manage, when they
// hold it through g alone, so that taking them out of g would leave
// nobody to manage groups. "" when there is none (two or more managers,
// or g does not grant groups:manage). The UI asks it before offering
// Remove, which the service would refuse for that person; the reason is
// LastManagerReason.
func (s *Service) KeptManager(ctx context.Context, actor *console.Actor, g *console.Group) (string, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return "", err
	}
	if !slices.Contains(g.Permissions, console.PermGroupsManage) {
		return "", nil
	}
	holders, err := s.store.ActiveHolders(ctx, actor.OrgID, console.PermGroupsManage, 2)
	if err != nil || len(holders) != 1 {
		return "", err
	}
	grants, err := s.store.UserGrants(ctx, actor.OrgID, holders[0])
	if err != nil {
		return "", err
	}
	for _, gr := range grants {
		if gr.Permission == console.PermGroupsManage && len(gr.Via) == 1 && gr.Via[0].ID == g.ID {
			return holders[0], nil
		}
	}
	return "", nil
}

// LastManagerReason is why KeptManager's person cannot leave the group.
func LastManagerReason() string { return errLastManager.Message }

// requirePerson refuses what only a signed-in person may do (their own
// account, password and sessions): an anonymous caller is
// console.ErrUnauthenticated, an API token console.ErrPersonOnly.
func requirePerson(actor *console.Actor) error {
	if actor == nil || actor.OrgID == "" {
		return console.ErrUnauthenticated
	}
	if !actor.IsPerson() {
		return console.ErrPersonOnly
	}
	return nil
}
