package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// groupDeleteShow asks to confirm deleting a group. The Administrators
// group cannot be deleted, so it gets the error page rather than a
// confirmation bound to fail.
func (h *Web) groupDeleteShow(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	g, err := h.svc.GetGroup(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return notFoundAs(err, errGroupGone)
	}
	if err := actor.Require(console.PermGroupsManage); err != nil {
		return err
	}
	if err := g.CheckDeletable(); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "group_delete", &page{Title: "Delete " + g.Name, Nav: "groups", Data: g})
	return nil
}
