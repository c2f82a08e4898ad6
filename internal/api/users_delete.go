package api

import (
	"net/http"

	"console/internal/httpx"
)

type deletedJSON struct {
	Deleted             bool `json:"deleted"`
	RecentlyDeactivated bool `json:"recently_deactivated"`
}

// deleteUser removes an Inactive user whose email the caller typed again,
// if If-Match (optional) names their version.
func (a *API) deleteUser(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in struct {
		ConfirmEmail string `json:"confirm_email"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	out, err := a.svc.DeleteUser(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), in.ConfirmEmail, version)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, deletedJSON{Deleted: true, RecentlyDeactivated: out.RecentlyDeactivated})
	return nil
}
