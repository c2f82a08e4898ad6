package service

import (
	"context"
	"strings"

	"console/internal/console"
	"console/internal/store"
)

// ListPermissions returns Console's built-in permissions followed by the
// organization's own. Requires users:read.
func (s *Service) ListPermissions(ctx context.Context, actor *console.Actor) ([]console.Permission, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	own, err := s.store.ListPermissions(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	return append(append([]console.Permission{}, console.BuiltInPermissions...), own...), nil
}

// Permission returns one permission: a built-in one (version 0, never
// changing) or one of the organization's own, with its version.
// Requires users:read; an unknown name, or another organization's
// permission, is console.ErrNotFound.
func (s *Service) Permission(ctx context.Context, actor *console.Actor, name string) (*console.Permission, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	for _, p := range console.BuiltInPermissions {
		if p.Name == name {
			return &p, nil
		}
	}
	if !console.ValidPermissionName(name) {
		return nil, console.ErrNotFound
	}
	return s.store.PermissionByName(ctx, actor.OrgID, name)
}

// CreatePermission defines a permission for the organization's own
// applications, such as "content:edit". Administrators hold it at once, so
// someone can grant it. Requires groups:manage.
func (s *Service) CreatePermission(ctx context.Context, actor *console.Actor, name, description string) (*console.Permission, error) {
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return nil, err
	}
	p, err := validatePermission(name, description)
	if err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.LockOrg(ctx, actor.OrgID); err != nil {
			return err
		}
		if err := q.CreatePermission(ctx, actor.OrgID, *p, s.now()); console.KindOf(err) == console.KindConflict {
			return &console.Error{Kind: console.KindConflict, Message: "This permission already exists.",
				Fields: []console.FieldError{{Field: "name", Message: "Already defined."}}}
		} else if err != nil {
			return err
		}
		if err := s.giveAdministrators(ctx, q, actor.OrgID, p.Name); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionPermissionCreate, console.TargetPermission, p.Name, nil)
	})
	if err != nil {
		return nil, err
	}
	p.Version = 1
	return p, nil
}

func validatePermission(name, description string) (*console.Permission, error) {
	name, description = strings.TrimSpace(name), strings.TrimSpace(description)
	var errs console.FieldErrors
	switch {
	case console.IsBuiltInPermission(name):
		errs.Add("name", "This is one of Console's built-in permissions.")
	case !console.ValidPermissionName(name):
		errs.Add("name", `Use the form "resource:action" in lower case, like content:edit.`)
	}
	if err := console.ValidateDescription("description", description); err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	return &console.Permission{Name: name, Description: description}, errs.Err()
}

// giveAdministrators adds perm to the built-in Administrators group.
func (s *Service) giveAdministrators(ctx context.Context, q *store.Queries, orgID, perm string) error {
	ref, err := q.GroupByBuiltIn(ctx, orgID, console.GroupAdministrators)
	if err != nil {
		return err
	}
	g, err := q.GroupByID(ctx, orgID, ref.ID)
	if err != nil {
		return err
	}
	return q.SetGroupPermissions(ctx, orgID, g.ID, append(g.Permissions, perm))
}

// DeletePermission removes an organization-defined permission from the
// catalog and from every group. A version other than 0 must be the
// permission's (console.KindPreconditionFailed otherwise). Requires
// groups:manage and holding it.
func (s *Service) DeletePermission(ctx context.Context, actor *console.Actor, name string, version int64) error {
	return s.changePermission(ctx, actor, name, version, func(q *store.Queries, p *console.Permission) error {
		// It is taken from everyone who holds it: none may hold more
		// than the actor.
		held, err := q.HoldersPermissions(ctx, actor.OrgID, name)
		if err != nil {
			return err
		}
		if err := actor.MayActOn("those who hold "+name, held.Sorted()); err != nil {
			return err
		}
		if err := q.DeletePermission(ctx, actor.OrgID, name); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionPermissionDelete, console.TargetPermission, name, nil)
	})
}

// UpdatePermission describes an organization-defined permission anew if it
// is still at version (console.KindPreconditionFailed otherwise). Requires
// groups:manage and holding it.
func (s *Service) UpdatePermission(ctx context.Context, actor *console.Actor, name string, version int64, description string) (*console.Permission, error) {
	var out *console.Permission
	err := s.changePermission(ctx, actor, name, version, func(q *store.Queries, p *console.Permission) error {
		valid, err := validatePermission(name, description)
		if err != nil {
			return err
		}
		if version == 0 {
			return console.ErrVersionRequired
		}
		if err := q.UpdatePermission(ctx, actor.OrgID, name, valid.Description); err != nil {
			return err
		}
		out = &console.Permission{Name: name, Description: valid.Description, Version: p.Version + 1}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionPermissionUpdate, console.TargetPermission, name, nil)
	})
	return out, err
}

// changePermission runs change on an organization-defined permission the
// actor holds, in one transaction, if it is at version (any, for 0).
func (s *Service) changePermission(ctx context.Context, actor *console.Actor, name string, version int64, change func(q *store.Queries, p *console.Permission) error) error {
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	if console.IsBuiltInPermission(name) {
		return console.Errorf(console.KindConflict, "Console's built-in permissions cannot be changed or removed.")
	}
	if !console.ValidPermissionName(name) {
		return console.ErrNotFound
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.LockOrg(ctx, actor.OrgID); err != nil {
			return err
		}
		p, err := q.PermissionByName(ctx, actor.OrgID, name)
		if err != nil {
			return err // a permission that is not (or no longer) there is not found, not forbidden
		}
		if !actor.Can(name) {
			return console.ErrForbidden
		}
		if err := change(q, p); err != nil {
			return err
		}
		return checkVersion(version, p.Version) // after the change: see changeGroup
	})
}

// knownPermissions checks that every name is built in or defined by the
// organization; unknown ones are an invalid "permissions" field.
func knownPermissions(ctx context.Context, q store.Reads, orgID string, names []string) error {
	own, err := q.ListPermissions(ctx, orgID)
	if err != nil {
		return err
	}
	var unknown []string
	for _, n := range names {
		if !console.IsBuiltInPermission(n) && !containsPermission(own, n) {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return console.Invalid(console.FieldError{Field: "permissions", Message: "Unknown permission: " + console.ClipList(unknown) + "."})
	}
	return nil
}

func containsPermission(list []console.Permission, name string) bool {
	for _, p := range list {
		if p.Name == name {
			return true
		}
	}
	return false
}
