package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// loginSubmit signs in. A failure shows one message, whatever went wrong,
// and keeps the company and email typed.
func (h *Web) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.SignInInput{Org: r.PostFormValue("org"), Email: r.PostFormValue("email"),
		Password: r.PostFormValue("password"), Client: httpx.ClientFrom(r), PreviousToken: httpx.SessionTokenFrom(r)}
	next := safeNext(r.PostFormValue("next"))
	signed, err := h.svc.SignIn(r.Context(), in)
	if console.KindOf(err) == console.KindUnauthenticated {
		h.render(w, r, http.StatusUnauthorized, "login", &page{Title: "Sign in",
			Flash: &flash{"error", console.ErrBadCredentials.Message},
			Data:  loginData{Org: in.Org, Email: in.Email, Next: next}})
		return nil
	} else if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, r, signed.Token, h.svc.SessionPolicy())
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
