package service

import (
	"context"

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
