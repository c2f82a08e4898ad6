package service

import (
	"context"
	"slices"

	"console/internal/console"
	"console/internal/store"
)

// GroupChanges is a partial update of a group; nil and empty fields stay.
type GroupChanges struct {
	Name          *string
	Description   *string
	Permissions   *[]string // the new, complete set
	AddMembers    []string  // user ids
	RemoveMembers []string  // user ids
}

// UpdateGroup renames, describes, re-permissions a group and adds or
// removes members, if the group is still at version: a stale version is
// console.KindPreconditionFailed, never a lost update. Renaming or
// describing it requires holding all its permissions. Version 0 is
// allowed only for a change of members alone, which adds and removes one
// by one and so cannot undo anyone's change. The actor must hold
// every permission it adds or removes and, to change members, every
// permission of the group; Administrators keep all built-in permissions.
// Requires groups:manage.
func (s *Service) UpdateGroup(ctx context.Context, actor *console.Actor, id string, version int64, c GroupChanges) (*GroupDetail, error) {
	if err := s.precheckGroupChanges(ctx, actor, c); err != nil {
		return nil, err
	}
	err := s.changeGroup(ctx, actor, id, version, c.replacesFields(), func(q *store.Queries, g *console.Group) error {
		if err := s.updateGroupFields(ctx, q, actor, g, c); err != nil {
			return err
		}
		if err := s.updateGroupPermissions(ctx, q, actor, g, c.Permissions); err != nil {
			return err
		}
		return s.updateMembers(ctx, q, actor, g, c.AddMembers, c.RemoveMembers)
	})
	if err != nil {
		return nil, err
	}
	return s.GetGroup(ctx, actor, id)
}

// replacesFields reports whether c sets the group's own fields, which a
// stale copy would overwrite.
func (c GroupChanges) replacesFields() bool {
	return c.Name != nil || c.Description != nil || c.Permissions != nil
}

// precheckGroupChanges reports every invalid field of c at once, before
// the change's transaction checks each again against the group as it is.
func (s *Service) precheckGroupChanges(ctx context.Context, actor *console.Actor, c GroupChanges) error {
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	var errs console.FieldErrors
	if err := errs.Keep(validateGroupLists(c)); err != nil {
		return err
	}
	if c.Name != nil {
		_, _, err := validateGroup(*c.Name, "")
		if err := errs.Keep(err); err != nil {
			return err
		}
	}
	if c.Description != nil {
		if err := errs.Keep(console.ValidateDescription("description", *c.Description)); err != nil {
			return err
		}
	}
	if c.Permissions != nil {
		if err := errs.Keep(knownPermissions(ctx, s.store, actor.OrgID, dedupe(*c.Permissions))); err != nil {
			return err
		}
	}
	return errs.Err()
}

func validateGroupLists(c GroupChanges) error {
	var errs console.FieldErrors
	lists := map[string][]string{"add_members": c.AddMembers, "remove_members": c.RemoveMembers}
	if c.Permissions != nil {
		lists["permissions"] = *c.Permissions
	}
	for _, field := range []string{"permissions", "add_members", "remove_members"} {
		if err := console.ValidateList(field, lists[field]); err != nil {
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	return errs.Err()
}

func (s *Service) updateGroupFields(ctx context.Context, q *store.Queries, actor *console.Actor, g *console.Group, c GroupChanges) error {
	if c.Name == nil && c.Description == nil {
		return nil
	}
	// Renaming a group one does not fully hold could pass it off as
	// another ("Guests" for Administrators).
	if p, ok := actor.Lacks(g.Permissions); ok {
		return &console.Error{Kind: console.KindForbidden,
			Message: "You cannot rename or describe the group " + g.Name + ": it grants " + p + ", which you do not hold."}
	}
	name, description := g.Name, g.Description
	if c.Name != nil {
		name = *c.Name
	}
	if c.Description != nil {
		description = *c.Description
	}
	name, description, err := validateGroup(name, description)
	if err != nil {
		return err
	}
	if err := q.UpdateGroup(ctx, g.OrgID, g.ID, name, description); err != nil {
		return groupNameConflict(err)
	}
	return s.audit(ctx, q, g.OrgID, actor, console.ActionGroupUpdate, console.TargetGroup, g.ID, map[string]string{"name": name})
}

func (s *Service) updateGroupPermissions(ctx context.Context, q *store.Queries, actor *console.Actor, g *console.Group, perms *[]string) error {
	if perms == nil {
		return nil
	}
	next := dedupe(*perms)
	if err := knownPermissions(ctx, q, g.OrgID, next); err != nil {
		return err
	}
	changed := symmetricDiff(g.Permissions, next)
	if removesAny(g.Permissions, next) {
		if err := s.checkOutranksMembers(ctx, q, actor, g); err != nil {
			return err
		}
	}
	for _, p := range changed {
		if !actor.Can(p) {
			return &console.Error{Kind: console.KindForbidden, Message: "You cannot grant or remove " + p + ": you do not hold it."}
		}
		if g.Keeps(p) && !slices.Contains(next, p) {
			return console.Errorf(console.KindConflict, "The Administrators group keeps every Console permission.")
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if err := q.SetGroupPermissions(ctx, g.OrgID, g.ID, next); err != nil {
		return err
	}
	g.Permissions = next
	return s.audit(ctx, q, g.OrgID, actor, console.ActionGroupUpdate, console.TargetGroup, g.ID, map[string]string{"permissions": joinSorted(next)})
}

// updateMembers adds and removes members; both count as granting the
// group, so the actor must hold all its permissions.
func (s *Service) updateMembers(ctx context.Context, q *store.Queries, actor *console.Actor, g *console.Group, add, remove []string) error {
	if len(add) == 0 && len(remove) == 0 {
		return nil
	}
	if err := checkGrant(actor, []*console.Group{g}); err != nil {
		return err
	}
	for _, uid := range add {
		if err := s.addMember(ctx, q, actor, g, uid); err != nil {
			return err
		}
	}
	for _, uid := range remove {
		if err := s.removeMember(ctx, q, actor, g, uid); err != nil && console.KindOf(err) != console.KindNotFound {
			return err
		}
	}
	return nil
}

// removeMember takes uid out of g, unless they hold more than the actor
// (console.Actor.MayActOn); the user's version moves, as their groups are
// part of them, so that no copy read before puts g back.
func (s *Service) removeMember(ctx context.Context, q *store.Queries, actor *console.Actor, g *console.Group, uid string) error {
	if !store.ValidID(uid) {
		return console.ErrNotFound
	}
	u, err := q.UserByID(ctx, g.OrgID, uid)
	if err != nil {
		return err
	}
	if err := checkOutranks(ctx, q, actor, u); err != nil {
		return err
	}
	if err := q.RemoveMember(ctx, g.OrgID, uid, g.ID); err != nil {
		return err
	}
	if err := q.BumpUserVersion(ctx, g.OrgID, uid); err != nil {
		return err
	}
	return s.audit(ctx, q, g.OrgID, actor, console.ActionMemberRemove, console.TargetGroup, g.ID, map[string]string{"user": uid})
}

func (s *Service) addMember(ctx context.Context, q *store.Queries, actor *console.Actor, g *console.Group, uid string) error {
	if !store.ValidID(uid) {
		return console.Invalid(console.FieldError{Field: "add_members", Message: "Unknown user: " + console.Clip(uid) + "."})
	}
	if _, err := q.UserByID(ctx, g.OrgID, uid); console.KindOf(err) == console.KindNotFound {
		return console.Invalid(console.FieldError{Field: "add_members", Message: "Unknown user: " + console.Clip(uid) + "."})
	} else if err != nil {
		return err
	}
	if err := q.AddMember(ctx, g.OrgID, uid, g.ID, s.now()); err != nil {
		return err
	}
	if err := q.BumpUserVersion(ctx, g.OrgID, uid); err != nil {
		return err
	}
	return s.audit(ctx, q, g.OrgID, actor, console.ActionMemberAdd, console.TargetGroup, g.ID, map[string]string{"user": uid})
}

// checkOutranksMembers refuses a change that takes from every member of g
// (a permission removed, the group deleted) when one of them holds a
// permission the actor lacks: nobody acts on someone who holds more.
func (s *Service) checkOutranksMembers(ctx context.Context, q *store.Queries, actor *console.Actor, g *console.Group) error {
	held, err := q.MembersPermissions(ctx, g.OrgID, g.ID)
	if err != nil {
		return err
	}
	return actor.MayActOn("the members of "+g.Name, held.Sorted())
}

// removesAny reports whether next lacks an element of current.
func removesAny(current, next []string) bool {
	return slices.ContainsFunc(current, func(p string) bool { return !slices.Contains(next, p) })
}

func symmetricDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

func joinSorted(list []string) string {
	s := slices.Clone(list)
	slices.Sort(s)
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}
