package web

import (
	"net/http"

	"console/internal/httpx"
)

// accountSessionEnd signs one of the person's sessions out. Ending the
// session in use is signing out, and leads to the sign-in page.
func (h *Web) accountSessionEnd(w http.ResponseWriter, r *http.Request) error {
	actor, sid := httpx.ActorFrom(r.Context()), r.PathValue("sid")
	if err := h.svc.EndMySession(r.Context(), actor, sid); err != nil {
		return err
	}
	if actor != nil && sid == actor.SessionID {
		httpx.ClearSessionCookie(w, r)
		setFlash(w, r, "signed_out")
		seeOther(w, r, "/login")
		return nil
	}
	setFlash(w, r, "session_ended")
	seeOther(w, r, "/account")
	return nil
}

// accountSessionsEndOthers signs the person out everywhere but here.
func (h *Web) accountSessionsEndOthers(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.svc.EndMyOtherSessions(r.Context(), httpx.ActorFrom(r.Context())); err != nil {
		return err
	}
	setFlash(w, r, "other_sessions_ended")
	seeOther(w, r, "/account")
	return nil
}
