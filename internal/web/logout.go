package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// logout ends the session and returns to the sign-in page.
func (h *Web) logout(w http.ResponseWriter, r *http.Request) error {
	if actor := httpx.ActorFrom(r.Context()); actor != nil {
		if err := h.svc.SignOut(r.Context(), actor); err != nil && console.KindOf(err) != console.KindNotFound {
			return err
		}
	}
	httpx.ClearSessionCookie(w, r)
	setFlash(w, r, "signed_out")
	seeOther(w, r, "/login")
	return nil
}
