package api

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// inviteUser invites one person and queues the activation email: 201
// with the user, its Location and ETag.
func (a *API) inviteUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email   string   `json:"email"`
		Groups  []string `json:"groups"`
		Message string   `json:"message"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := a.svc.InviteUser(r.Context(), httpx.ActorFrom(r.Context()), service.InviteInput{Email: in.Email, Groups: in.Groups, Message: in.Message})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+res.User.ID)
	setETag(w, res.User.Version)
	httpx.WriteJSON(w, http.StatusCreated, invitedJSON{newUserJSON(res.User, a.svc.Now()), fieldErrorsJSON(res.Warnings)})
	return nil
}

// invitedJSON is the invited user, with what the caller should check about
// the address (an address that only looks like the one meant): a program
// has nobody to ask before inviting, so it is told after.
type invitedJSON struct {
	userJSON
	Warnings []fieldErrorJSON `json:"warnings,omitempty"`
}
