package web

import (
	"net/http"

	"console/internal/httpx"
)

// groupDeleteSubmit deletes a group and returns to the list. A refusal,
// such as leaving nobody able to manage groups, comes back to the group
// page with the reason.
func (h *Web) groupDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := h.svc.DeleteGroup(r.Context(), httpx.ActorFrom(r.Context()), id, postedVersion(r)); err != nil {
		return h.groupChangeRefused(w, r, id, err)
	}
	setFlash(w, "group_deleted")
	seeOther(w, r, "/groups")
	return nil
}
