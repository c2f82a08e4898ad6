package api

import (
	"net/http"

	"console/internal/httpx"
)

// changeOwnPassword sets the caller's password from the current one; the
// caller's other sessions end, this one stays.
func (a *API) changeOwnPassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.ChangeOwnPassword(r.Context(), httpx.ActorFrom(r.Context()), in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
