package api

import (
	"net/http"
	"net/url"

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

// permissionListJSON is a page of permissions; NextCursor is "" on the
// last.
type permissionListJSON struct {
	Permissions []permissionJSON `json:"permissions"`
	NextCursor  string           `json:"next_cursor"`
}

// listPermissions answers GET /api/v1/permissions?limit=&cursor=: a page
// of Console's built-in permissions, then the organization's own by name
// (see pageParams).
func (a *API) listPermissions(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	page, err := a.svc.PermissionsPage(r.Context(), httpx.ActorFrom(r.Context()), p)
	if err != nil {
		return err
	}
	out := make([]permissionJSON, len(page.Permissions))
	for i, p := range page.Permissions {
		out[i] = newPermissionJSON(p)
	}
	httpx.WriteJSON(w, http.StatusOK, permissionListJSON{Permissions: out, NextCursor: page.NextCursor})
	return nil
}

// getPermission answers GET /api/v1/permissions/{name}: one permission;
// an organization's own carries its version as ETag (built-in ones never
// change and have none).
func (a *API) getPermission(w http.ResponseWriter, r *http.Request) error {
	p, err := a.svc.Permission(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("name"))
	if err != nil {
		return err
	}
	if p.Version > 0 {
		setETag(w, p.Version)
	}
	httpx.WriteJSON(w, http.StatusOK, newPermissionJSON(*p))
	return nil
}

// createPermission defines a permission for the organization's
// applications: 201 with it, its Location and ETag.
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
	w.Header().Set("Location", "/api/v1/permissions/"+url.PathEscape(p.Name))
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
