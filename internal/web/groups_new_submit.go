package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// groupsNewSubmit creates a group and shows it; a refused one (a field, a
// name in use, a permission the actor does not hold) shows the form again
// with what was typed and ticked. Someone who may not manage groups at all
// gets the error page.
func (h *Web) groupsNewSubmit(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	in := service.GroupInput{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Permissions: postValues(r, "permissions")}
	g, err := h.svc.CreateGroup(r.Context(), actor, in)
	if err == nil {
		setFlash(w, r, "group_created", g.Name)
		seeOther(w, r, "/groups/"+g.ID)
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
	h.renderGroupForm(w, r, fail.Status, fail.Flash, groupFormData{Name: in.Name, Description: in.Description,
		Permissions: newPermChecks(actor, catalog, checked(in.Permissions), nil, fail.Errors), Errors: fail.Errors})
	return nil
}
