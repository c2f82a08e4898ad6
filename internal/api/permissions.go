package api

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// permissionJSON is a permission (openapi.yaml: Permission); Version is
// left out for built-in ones, which have none.
type permissionJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	BuiltIn     bool   `json:"built_in"`
	Version     int64  `json:"version,omitempty"`
}

func newPermissionJSON(p console.Permission) permissionJSON {
	return permissionJSON{Name: p.Name, Description: p.Description, BuiltIn: p.BuiltIn, Version: p.Version}
}

// listPermissions returns Console's built-in and the organization's own
// permissions.
func (a *API) listPermissions(w http.ResponseWriter, r *http.Request) error {
	perms, err := a.svc.ListPermissions(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	out := make([]permissionJSON, len(perms))
	for i, p := range perms {
		out[i] = newPermissionJSON(p)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"permissions": out})
	return nil
}

// createPermission defines a permission for the organization's applications.
func (a *API) createPermission(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.svc.CreatePermission(r.Context(), httpx.ActorFrom(r.Context()), in.Name, in.Description)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	httpx.WriteJSON(w, http.StatusCreated, newPermissionJSON(*p))
	return nil
}

// updatePermission describes an organization-defined permission anew if
// If-Match still names its version.
func (a *API) updatePermission(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in struct {
		Description string `json:"description"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.svc.UpdatePermission(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("name"), version, in.Description)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	httpx.WriteJSON(w, http.StatusOK, newPermissionJSON(*p))
	return nil
}

// deletePermission removes an organization-defined permission everywhere,
// if If-Match (optional) names its version.
func (a *API) deletePermission(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeletePermission(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("name"), version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
