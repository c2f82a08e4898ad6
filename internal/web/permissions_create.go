package web

import (
	"net/http"

	"console/internal/httpx"
)

// permissionsCreate defines a permission for the organization's
// applications; a refused one shows the page again with what was typed.
func (h *Web) permissionsCreate(w http.ResponseWriter, r *http.Request) error {
	d := permissionsData{Name: r.PostFormValue("name"), Description: r.PostFormValue("description")}
	p, err := h.svc.CreatePermission(r.Context(), httpx.ActorFrom(r.Context()), d.Name, d.Description)
	if fail := formFailureFor(err); fail != nil {
		d.Errors = fail.Errors
		return h.renderPermissions(w, r, fail.Status, fail.Flash, d)
	} else if err != nil {
		return err
	}
	setFlash(w, r, "permission_created", p.Name)
	seeOther(w, r, "/permissions")
	return nil
}
