package web

import (
	"net/http"
	"strings"

	"console/internal/httpx"
)

type loginData struct {
	Org, Email, Next string
}

// loginShow renders the sign-in form; a signed-in user goes straight on.
func (h *Web) loginShow(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if httpx.ActorFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	h.render(w, r, http.StatusOK, "login", &page{Title: "Sign in", Data: loginData{Org: r.URL.Query().Get("org"), Next: next}})
	return nil
}

// safeNext keeps a post-sign-in redirect on this site: only a local path
// (not "//host" or "/\host") is accepted; anything else becomes "/users".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/users"
	}
	return next
}
