package web

import (
	"net/http"

	"console/internal/httpx"
)

// groupDeleteSubmit deletes a group and returns to the list. A refusal,
// such as leaving nobody able to manage groups, comes back to the group
// page with the reason.
func (h *Web) groupDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
	g, err := h.svc.GetGroup(r.Context(), actor, id)
	if err != nil {
		return notFoundAs(err, errGroupGone)
	}
	if err := h.svc.DeleteGroup(r.Context(), actor, id, postedVersion(r)); err != nil {
		return h.groupChangeRefused(w, r, id, err)
	}
	setFlash(w, r, "group_deleted", g.Name)
	seeOther(w, r, "/groups")
	return nil
}
