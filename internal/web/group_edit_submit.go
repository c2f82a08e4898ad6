package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// groupEditSubmit saves the edit form. The form does not post the
// permissions it shows disabled, so they are taken from the group: the
// service wants the complete set. A refused change, or one made from a
// version of the group someone else has changed since, shows the form
// again with what was typed and ticked.
func (h *Web) groupEditSubmit(w http.ResponseWriter, r *http.Request) error {
	actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
	g, err := h.svc.GetGroup(r.Context(), actor, id)
	if err != nil {
		return err
	}
	version := postedVersion(r)
	d := groupFormData{ID: id, Version: version, Name: r.PostFormValue("name"), Description: r.PostFormValue("description")}
	perms := append(postValues(r, "permissions"), lockedPermissions(actor, g.Group)...)
	saved, err := h.svc.UpdateGroup(r.Context(), actor, id, version, service.GroupChanges{Name: &d.Name, Description: &d.Description, Permissions: &perms})
	if err == nil {
		setFlash(w, r, "group_saved", saved.Name)
		seeOther(w, r, "/groups/"+id)
		return nil
	}
	fail := formFailureFor(err)
	if fail == nil || !actor.Can(console.PermGroupsManage) {
		return err
	}
	if console.KindOf(err) == console.KindPreconditionFailed {
		fail.Flash.Text = "Someone else changed this group while you were editing. Reload to see their changes, then make yours again."
	}
	catalog, err := h.svc.ListPermissions(r.Context(), actor)
	if err != nil {
		return err
	}
	d.Permissions, d.Errors = newPermChecks(actor, catalog, checked(perms), g.Group, fail.Errors), fail.Errors
	h.renderGroupForm(w, r, fail.Status, fail.Flash, d)
	return nil
}
