package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// groupsNewShow renders the form creating a group. The permission is
// checked here only to spare a form that could not be sent; CreateGroup
// checks it again.
func (h *Web) groupsNewShow(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	catalog, err := h.svc.ListPermissions(r.Context(), actor)
	if err != nil {
		return err
	}
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	h.renderGroupForm(w, r, http.StatusOK, nil, groupFormData{Permissions: newPermChecks(actor, catalog, nil, nil, nil)})
	return nil
}
