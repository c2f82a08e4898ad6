package service

import (
	"context"
	"slices"

	"console/internal/console"
	"console/internal/store"
)

// GroupDetail is a group with its members.
type GroupDetail struct {
	*console.Group
	Members []*console.User
}

// GroupMembersShown is how many members GetGroup returns: the newest.
// Group.MemberCount counts them all; ListUsers with the group filter pages
// through them.
const GroupMembersShown = 200

// GetGroup returns a group of the actor's organization with its newest
// GroupMembersShown members. Requires users:read.
func (s *Service) GetGroup(ctx context.Context, actor *console.Actor, id string) (*GroupDetail, error) {
	g, err := s.Group(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	members, err := s.store.GroupMembers(ctx, actor.OrgID, id, GroupMembersShown)
	if err != nil {
		return nil, err
	}
	return &GroupDetail{Group: g, Members: members}, nil
}

// Group returns a group of the actor's organization, without its members
// (ListUsers with the group filter pages through them). Requires
// users:read; another organization's group is console.ErrNotFound.
func (s *Service) Group(ctx context.Context, actor *console.Actor, id string) (*console.Group, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	if !store.ValidID(id) {
		return nil, console.ErrNotFound
	}
	return s.store.GroupByID(ctx, actor.OrgID, id)
}

// GroupInput describes a new group.
type GroupInput struct {
	Name        string
	Description string
	Permissions []string
}

// CreateGroup creates a group with permissions the actor holds itself.
// Requires groups:manage.
func (s *Service) CreateGroup(ctx context.Context, actor *console.Actor, in GroupInput) (*console.Group, error) {
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return nil, err
	}
	// Every invalid field at once; the permissions are checked again in
	// the transaction, against a catalog that may have changed.
	var errs console.FieldErrors
	name, description, err := validateGroup(in.Name, in.Description)
	if err := errs.Keep(err); err != nil {
		return nil, err
	}
	if err := errs.Keep(console.ValidateList("permissions", in.Permissions)); err != nil {
		return nil, err
	}
	if err := errs.Keep(knownPermissions(ctx, s.store, actor.OrgID, dedupe(in.Permissions))); err != nil {
		return nil, err
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	g := &console.Group{OrgID: actor.OrgID, Name: name, Description: description, Permissions: dedupe(in.Permissions), CreatedAt: s.now()}
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		if err := knownPermissions(ctx, q, actor.OrgID, g.Permissions); err != nil {
			return err
		}
		if err := checkGrant(actor, []*console.Group{g}); err != nil {
			return err
		}
		if err := q.CreateGroup(ctx, g); err != nil {
			return groupNameConflict(err)
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionGroupCreate, console.TargetGroup, g.ID, map[string]string{"name": g.Name})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// validateGroup is console.ValidateGroup, and refuses a name that is a
// group id: groups are named by id or name where they are assigned, and
// such a name would stand in for the group whose id it is.
func validateGroup(name, description string) (string, string, error) {
	name, description, err := console.ValidateGroup(name, description)
	if err == nil && store.ValidID(name) {
		err = console.Invalid(console.FieldError{Field: "name", Message: "A group name cannot be a group id."})
	}
	return name, description, err
}

func groupNameConflict(err error) error {
	if console.KindOf(err) != console.KindConflict {
		return err
	}
	return &console.Error{Kind: console.KindConflict, Message: "A group with this name already exists.",
		Fields: []console.FieldError{{Field: "name", Message: "Already used by another group."}}}
}

// DeleteGroup removes a group; its members lose its permissions. The
// built-in Administrators group stays, and no deletion may leave the
// organization without an active user who can manage groups. A version
// other than 0 must be the group's (console.KindPreconditionFailed
// otherwise). Requires groups:manage and every permission of the group.
func (s *Service) DeleteGroup(ctx context.Context, actor *console.Actor, id string, version int64) error {
	return s.changeGroup(ctx, actor, id, version, false, func(q *store.Queries, g *console.Group) error {
		if err := g.CheckDeletable(); err != nil {
			return err
		}
		if err := checkGrant(actor, []*console.Group{g}); err != nil {
			return err
		}
		if err := s.checkOutranksMembers(ctx, q, actor, g); err != nil {
			return err
		}
		if err := q.DeleteGroup(ctx, actor.OrgID, g.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionGroupDelete, console.TargetGroup, g.ID, map[string]string{"name": g.Name})
	})
}

// changeGroup runs change on a group of the actor's organization in one
// transaction, and keeps it only if somebody active can still manage
// groups and the group was at version (any, for 0 unless required). The version is compared
// after the change, so that a refusal the version does not affect (no
// permission, a rule of the group) is answered as such, as RFC 9110
// §13.2.1 orders preconditions after the request's other checks.
func (s *Service) changeGroup(ctx context.Context, actor *console.Actor, id string, version int64, required bool, change func(q *store.Queries, g *console.Group) error) error {
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	if !store.ValidID(id) {
		return console.ErrNotFound
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.LockOrg(ctx, actor.OrgID); err != nil {
			return err
		}
		g, err := q.GroupByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		current := g.Version
		if err := change(q, g); err != nil {
			return err
		}
		if err := requireAManager(ctx, q, actor.OrgID); err != nil {
			return err
		}
		if required && version == 0 {
			return console.ErrVersionRequired
		}
		return checkVersion(version, current) // a refusal rolls the change back
	})
}

func dedupe(list []string) []string {
	out := []string{}
	for _, v := range list {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
