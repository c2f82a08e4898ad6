package api

import (
	"net/http"

	"console/internal/httpx"
)

// deleteSession signs the caller out.
func (a *API) deleteSession(w http.ResponseWriter, r *http.Request) error {
	if err := a.svc.SignOut(r.Context(), httpx.ActorFrom(r.Context())); err != nil {
		return err
	}
	httpx.ClearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
