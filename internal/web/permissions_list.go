package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

type permissionsData struct {
	BuiltIn, Own []console.Permission
	// Name and Description are the new permission's form.
	Name, Description string
	Errors            map[string]string
}

// permissionsList renders Console's permissions, the organization's own
// and, for who may manage groups, the form defining a new one.
func (h *Web) permissionsList(w http.ResponseWriter, r *http.Request) error {
	return h.renderPermissions(w, r, http.StatusOK, nil, permissionsData{})
}

// renderPermissions renders the permissions page with the catalog read
// afresh and the form's values in d.
func (h *Web) renderPermissions(w http.ResponseWriter, r *http.Request, status int, f *flash, d permissionsData) error {
	catalog, err := h.svc.ListPermissions(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	for _, p := range catalog {
		if p.BuiltIn {
			d.BuiltIn = append(d.BuiltIn, p)
		} else {
			d.Own = append(d.Own, p)
		}
	}
	h.render(w, r, status, "permissions", &page{Title: "Permissions", Nav: "permissions", Flash: f, Data: d})
	return nil
}
