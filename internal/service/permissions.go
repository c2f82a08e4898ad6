package service

import (
	"context"
	"strings"
	"unicode/utf8"

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
	if utf8.RuneCountInString(description) > 500 {
		errs.Add("description", "Keep the description under 500 characters.")
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
// catalog and from every group. Requires groups:manage and holding it.
func (s *Service) DeletePermission(ctx context.Context, actor *console.Actor, name string) error {
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	if console.IsBuiltInPermission(name) {
		return console.Errorf(console.KindConflict, "Console's built-in permissions cannot be removed.")
	}
	if !actor.Can(name) {
		return console.ErrForbidden
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.DeletePermission(ctx, actor.OrgID, name); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionPermissionDelete, console.TargetPermission, name, nil)
	})
}

// knownPermissions checks that every name is built in or defined by the
// organization; unknown ones are an invalid "permissions" field.
func knownPermissions(ctx context.Context, q *store.Queries, orgID string, names []string) error {
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
		return console.Invalid(console.FieldError{Field: "permissions", Message: "Unknown permission: " + strings.Join(unknown, ", ") + "."})
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
