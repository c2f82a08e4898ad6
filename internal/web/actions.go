package web

import (
	"strings"

	"console/internal/console"
	"console/internal/service"
)

// userAction is one thing an administrator can do to a user, shown as a row
// menu item or a button: a form posting to URL, or a link to a page that
// asks for more (editing, a confirmation).
type userAction struct {
	Label   string
	URL     string
	Post    bool
	Danger  bool
	Divider bool // the first dangerous item after safe ones
	// Confirm says URL is a confirmation page, which the row menu asks to
	// return to the users list.
	Confirm bool
}

// actionList is what the "user-menu" and "user-buttons" templates draw.
// Back is the users list the menu is on, with its filter, order and
// page, which its actions return to (listBack).
type actionList struct {
	Name, CSRF, Back string
	Items            []userAction
}

type actionSpec struct {
	label, path, perm string
	post, danger      bool
}

// actionSpecs says how each console.UserAction appears and which
// permission it needs; the service checks the permission again. Only
// actions that are easily undone post at once; the others link to a page
// that asks first (userConfirms, the deletion page).
var actionSpecs = map[console.UserAction]actionSpec{
	console.ActResendInvitation: {"Resend invitation", "resend", console.PermUsersInvite, true, false},
	console.ActCancelInvitation: {"Cancel invitation", "cancel", console.PermUsersInvite, false, true},
	console.ActEdit:             {"Edit", "edit", console.PermUsersManage, false, false},
	console.ActDeactivate:       {"Deactivate", "deactivate", console.PermUsersManage, false, true},
	console.ActPasswordReset:    {"Send password reset", "password-reset", console.PermUsersManage, false, false},
	console.ActReactivate:       {"Reactivate", "reactivate", console.PermUsersManage, true, false},
	console.ActDelete:           {"Delete", "delete", console.PermUsersDelete, false, true},
}

// userActions returns what actor may do to u in u's status, safe actions
// first; none when u's groups give perms, a permission the actor lacks
// (console.Actor.MayActOn). Deactivating oneself is never offered: the
// service refuses it.
func userActions(actor *console.Actor, u *console.User, perms []string) []userAction {
	if actor.MayActOn(u.DisplayName(), perms) != nil {
		return nil
	}
	var safe, danger []userAction
	for _, a := range u.Status.Actions() {
		spec, ok := actionSpecs[a]
		if !ok || !actor.Can(spec.perm) || a == console.ActDeactivate && service.SelfDeactivation(actor, u.ID) != nil {
			continue
		}
		_, confirm := userConfirms[spec.path]
		item := userAction{Label: spec.label, URL: "/users/" + u.ID + "/" + spec.path, Post: spec.post, Danger: spec.danger, Confirm: confirm}
		if spec.danger {
			danger = append(danger, item)
		} else {
			safe = append(safe, item)
		}
	}
	if len(safe) > 0 && len(danger) > 0 {
		danger[0].Divider = true
	}
	return append(safe, danger...)
}

// ActionsFor lists what the signed-in user may do to u now.
func (p *page) ActionsFor(u *console.User) actionList {
	var byGroup map[string][]string
	if p.groupPerms != nil {
		byGroup = p.groupPerms()
	}
	perms := console.GroupsPermissions(u.Groups, byGroup)
	return actionList{Name: u.DisplayName(), CSRF: p.CSRF, Back: listBack(p.here), Items: userActions(p.Actor, u, perms)}
}

// listBack returns the users list that from names, with its filter, order
// and page, or "" when from is no users list: the row actions return
// there rather than to the first page. Only a path of this Console's
// users list is taken (localPath; OWASP ASVS 5.0 V3.7.2); "list" is the
// list's first page.
func listBack(from string) string {
	if from == "list" {
		return "/users"
	}
	p, ok := localPath(from)
	if !ok || (p != "/users" && !strings.HasPrefix(p, "/users?")) {
		return ""
	}
	return p
}
