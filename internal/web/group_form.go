package web

import (
	"net/http"

	"console/internal/console"
)

// groupFormData is the form creating a group (ID empty) or editing one.
type groupFormData struct {
	ID string
	// Version is the group's version the form was loaded at, posted back
	// so that a change made meanwhile by someone else is not undone.
	Version           int64
	Name, Description string
	Permissions       permChecks
	Errors            map[string]string
}

// permChecks is the "permissions" fieldset of the group form: Console's
// own permissions, then the organization's.
type permChecks struct {
	Console, Own permSection
	Error        string
}

type permSection struct {
	Hint    string
	Options []permOption
}

// permOption is one permission checkbox. A disabled one is not posted: the
// handler keeps what the group already holds of them.
type permOption struct {
	console.Permission
	Checked, Disabled bool
	// NotHeld marks a permission the actor lacks, and so cannot grant.
	NotHeld bool
}

// newPermChecks ticks checked among the catalog and disables what the actor
// cannot change: permissions they do not hold and, in the Administrators
// group, Console's own.
func newPermChecks(actor *console.Actor, catalog []console.Permission, checked map[string]bool, g *console.Group, errs map[string]string) permChecks {
	admins := g != nil && g.BuiltIn == console.GroupAdministrators
	pc := permChecks{Error: errs["permissions"]}
	if admins {
		pc.Console.Hint = "Administrators always hold every Console permission."
	}
	for _, p := range catalog {
		o := permOption{Permission: p, Checked: checked[p.Name]}
		switch {
		case g != nil && g.Keeps(p.Name):
			o.Checked, o.Disabled = true, true
		case !actor.Can(p.Name):
			o.Disabled, o.NotHeld = true, true
		}
		if p.BuiltIn {
			pc.Console.Options = append(pc.Console.Options, o)
		} else {
			pc.Own.Options = append(pc.Own.Options, o)
		}
	}
	return pc
}

// lockedPermissions returns the permissions of g that its form shows
// disabled, which the form therefore does not post: UpdateGroup takes the
// complete set, so the handler sends them along.
func lockedPermissions(actor *console.Actor, g *console.Group) []string {
	var locked []string
	for _, p := range g.Permissions {
		if g.Keeps(p) || !actor.Can(p) {
			locked = append(locked, p)
		}
	}
	return locked
}

func (h *Web) renderGroupForm(w http.ResponseWriter, r *http.Request, status int, f *flash, d groupFormData) {
	title := "New group"
	if d.ID != "" {
		title = "Edit group"
	}
	h.render(w, r, status, "group_form", &page{Title: title, Nav: "groups", Flash: f, Data: d})
}
