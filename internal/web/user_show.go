package web

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

type userData struct {
	User *service.UserDetail
	// RecentlyDeactivated warns that deleting the user may be premature.
	RecentlyDeactivated bool
}

// userShow renders one user's profile, groups and permissions with the
// actions their status allows. Another organization's user is not found.
func (h *Web) userShow(w http.ResponseWriter, r *http.Request) error {
	u, err := h.svc.GetUser(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "user", &page{Title: u.DisplayName(), Nav: "users",
		Data: userData{User: u, RecentlyDeactivated: service.RecentlyDeactivated(u.User, h.svc.Now())}})
	return nil
}
