package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// groupEditShow renders the form changing a group's name, description and
// permissions, with its current permissions ticked.
func (h *Web) groupEditShow(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	g, err := h.svc.GetGroup(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	catalog, err := h.svc.ListPermissions(r.Context(), actor)
	if err != nil {
		return err
	}
	h.renderGroupForm(w, r, http.StatusOK, nil, groupFormData{ID: g.ID, Version: g.Version, Name: g.Name, Description: g.Description,
		Permissions: newPermChecks(actor, catalog, checked(g.Permissions), g.Group, nil)})
	return nil
}
