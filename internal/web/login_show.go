package web

import (
	"net/http"

	"console/internal/httpx"
)

type loginData struct {
	Org, Email, Next string
}

// loginShow renders the sign-in form; a signed-in user goes straight on.
func (h *Web) loginShow(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if httpx.ActorFrom(r.Context()) != nil {
		seeOther(w, r, next)
		return nil
	}
	h.render(w, r, http.StatusOK, "login", &page{Title: "Sign in", Data: loginData{Org: r.URL.Query().Get("org"), Next: next}})
	return nil
}
