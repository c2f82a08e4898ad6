package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"console/internal/console"
	"console/internal/httpx"
)

// permissionsDeleteShow asks to confirm deleting one of the organization's
// permissions (?name=), naming the groups that grant it: they all lose it.
// An unknown or built-in permission gets the error page.
func (h *Web) permissionsDeleteShow(w http.ResponseWriter, r *http.Request) error {
	name := r.URL.Query().Get("name")
	return permissionGone(w, r, name, h.confirmPermissionDelete(w, r, http.StatusOK, name))
}

// permissionGone says, for the deletion of a permission that does not
// exist, that it may have been deleted already (in another tab, or by a
// second click); other errors are left as they are.
func permissionGone(w http.ResponseWriter, r *http.Request, name string, err error) error {
	if console.KindOf(err) != console.KindNotFound {
		return err
	}
	return &console.Error{Kind: console.KindNotFound,
		Message: "Your organization has no permission " + console.Clip(name) + ": it may have been deleted already, here or in another tab."}
}

// permissionsDelete removes one of the organization's permissions, from
// the catalog and from every group at once, once confirmed: a post
// without the confirmation page's marker only shows that page. A refusal
// shows the permissions page again with the reason; an unknown permission
// gets the error page.
func (h *Web) permissionsDelete(w http.ResponseWriter, r *http.Request) error {
	name := r.PostFormValue("name")
	if !confirmed(r) {
		return permissionGone(w, r, name, h.confirmPermissionDelete(w, r, http.StatusOK, name))
	}
	err := h.svc.DeletePermission(r.Context(), httpx.ActorFrom(r.Context()), name, postedVersion(r))
	if console.KindOf(err) == console.KindNotFound {
		return permissionGone(w, r, name, err)
	}
	if fail := formFailureFor(err); fail != nil {
		return h.renderPermissions(w, r, fail.Status, fail.Flash, permissionsData{})
	} else if err != nil {
		return err
	}
	setFlash(w, r, "permission_deleted", name)
	seeOther(w, r, "/permissions")
	return nil
}

// confirmPermissionDelete renders the confirmation of deleting the
// organization's permission name, if the actor may.
func (h *Web) confirmPermissionDelete(w http.ResponseWriter, r *http.Request, status int, name string) error {
	actor := httpx.ActorFrom(r.Context())
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	catalog, err := h.svc.ListPermissions(r.Context(), actor)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(catalog, func(p console.Permission) bool { return p.Name == name })
	if i < 0 {
		return console.ErrNotFound
	}
	p := catalog[i]
	if p.BuiltIn {
		return console.Errorf(console.KindConflict, "Console's built-in permissions cannot be changed or removed.")
	}
	groups, err := h.svc.ListGroups(r.Context(), actor)
	if err != nil {
		return err
	}
	d := &confirmData{Title: "Delete the permission " + p.Name + "?", Action: "/permissions/delete",
		Hidden: map[string]string{"name": p.Name, "version": strconv.FormatInt(p.Version, 10)},
		Submit: "Delete permission", Danger: true, Back: "/permissions", BackLabel: "Cancel",
		Subject: &confirmSubject{Name: p.Name, Detail: p.Description}}
	for _, g := range groups {
		if slices.Contains(g.Permissions, p.Name) {
			d.List = append(d.List, fmt.Sprintf("%s (%s)", g.Name, plural(g.MemberCount, "member", "members")))
		}
	}
	then := "Applications asking Console about " + p.Name + " will then get “no” for everyone."
	switch n := len(d.List); n {
	case 0:
		d.Body = []string{"No group grants it now. " + then}
	case 1:
		d.Body = []string{"The group below loses it at once, and so does everyone in it. " + then}
	default:
		d.Body = []string{fmt.Sprintf("The %d groups below lose it at once, and so does everyone in them. %s", n, then)}
	}
	h.renderConfirm(w, r, status, "permissions", d)
	return nil
}

// plural is "1 member" or "3 members".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
