package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// groupEditSubmit saves the edit form. The form does not post the
// permissions it shows disabled, so they are taken from the group: the
// service wants the complete set. A refused change shows the form again
// with what was typed and ticked.
func (h *Web) groupEditSubmit(w http.ResponseWriter, r *http.Request) error {
	actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
	g, err := h.svc.GetGroup(r.Context(), actor, id)
	if err != nil {
		return err
	}
	d := groupFormData{ID: id, Name: r.PostFormValue("name"), Description: r.PostFormValue("description")}
	perms := append(postValues(r, "permissions"), lockedPermissions(actor, g.Group)...)
	_, err = h.svc.UpdateGroup(r.Context(), actor, id, service.GroupChanges{Name: &d.Name, Description: &d.Description, Permissions: &perms})
	if err == nil {
		setFlash(w, "group_saved")
		http.Redirect(w, r, "/groups/"+id, http.StatusSeeOther)
		return nil
	}
	fail := formFailureFor(err)
	if fail == nil || !actor.Can(console.PermGroupsManage) {
		return err
	}
	catalog, err := h.svc.ListPermissions(r.Context(), actor)
	if err != nil {
		return err
	}
	d.Permissions, d.Errors = newPermChecks(actor, catalog, checked(perms), g.Group, fail.Errors), fail.Errors
	h.renderGroupForm(w, r, fail.Status, fail.Flash, d)
	return nil
}
