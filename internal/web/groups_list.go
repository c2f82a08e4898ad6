package web

import (
	"net/http"

	"console/internal/httpx"
)

// groupsList renders the organization's groups with their member and
// permission counts.
func (h *Web) groupsList(w http.ResponseWriter, r *http.Request) error {
	groups, err := h.svc.ListGroups(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "groups", &page{Title: "Groups", Nav: "groups", Data: groups})
	return nil
}
