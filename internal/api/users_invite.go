package api

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// inviteUser invites one person and queues the activation email.
func (a *API) inviteUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email   string   `json:"email"`
		Groups  []string `json:"groups"`
		Message string   `json:"message"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	u, err := a.svc.InviteUser(r.Context(), httpx.ActorFrom(r.Context()), service.InviteInput{Email: in.Email, Groups: in.Groups, Message: in.Message})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+u.ID)
	httpx.WriteJSON(w, http.StatusCreated, newUserJSON(u, nil, a.svc.Now()))
	return nil
}
