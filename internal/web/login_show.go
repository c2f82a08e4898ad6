package web

import (
	"net/http"

	"console/internal/console"

	"console/internal/httpx"
)

type loginData struct {
	Org, Email, Next string
	// Errors names the fields left empty.
	Errors map[string]string
}

// loginShow renders the sign-in form; a signed-in user goes straight on.
func (h *Web) loginShow(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if httpx.ActorFrom(r.Context()) != nil {
		seeOther(w, r, next)
		return nil
	}
	org := r.URL.Query().Get("org")
	if org == "" {
		org = rememberedOrg(r)
	}
	h.render(w, r, http.StatusOK, "login", &page{Title: "Sign in", Data: loginData{Org: org, Next: next}})
	return nil
}

// orgCookie remembers in this browser the company slug of the last
// sign-in, which sign-in needs and people forget: it is no secret (emails
// and the UI show it), so it outlives the session and signing out.
const orgCookie = "console_org"

// rememberOrg keeps slug for the sign-in form, for 400 days (the longest
// browsers keep a cookie, RFC 6265bis section 5.5).
func rememberOrg(w http.ResponseWriter, r *http.Request, slug string) {
	if slug == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: orgCookie, Value: slug, Path: "/", HttpOnly: true,
		Secure: httpx.IsHTTPS(r), SameSite: http.SameSiteLaxMode, MaxAge: 400 * 24 * 60 * 60})
}

// rememberedOrg is the slug rememberOrg kept, or "" when there is none or
// it is not a slug.
func rememberedOrg(r *http.Request) string {
	c, err := r.Cookie(orgCookie)
	if err != nil || !console.ValidSlug(c.Value) {
		return ""
	}
	return c.Value
}
