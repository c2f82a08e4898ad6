package web

import (
	"net/http"

	"console/internal/httpx"
)

// permissionsDelete removes one of the organization's permissions, from
// the catalog and from every group at once. A refusal shows the page again
// with the reason; an unknown permission gets the error page.
func (h *Web) permissionsDelete(w http.ResponseWriter, r *http.Request) error {
	err := h.svc.DeletePermission(r.Context(), httpx.ActorFrom(r.Context()), r.PostFormValue("name"), postedVersion(r))
	if fail := formFailureFor(err); fail != nil {
		return h.renderPermissions(w, r, fail.Status, fail.Flash, permissionsData{})
	} else if err != nil {
		return err
	}
	setFlash(w, "permission_deleted")
	seeOther(w, r, "/permissions")
	return nil
}
