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
	switch console.KindOf(err) {
	case console.KindUnauthenticated, console.KindRateLimited:
		// The service's message: the same for every wrong credential, and
		// for a throttled one the wait, neither telling whether the
		// account exists.
		httpx.SetRetryAfter(w, err)
		h.render(w, r, httpx.Status(console.KindOf(err)), "login", &page{Title: "Sign in",
			Flash: &flash{Kind: "error", Text: console.AsError(err).Message},
			Data:  loginData{Org: in.Org, Email: in.Email, Next: next}})
		return nil
	}
	if errs := fieldErrors(err); errs != nil {
		h.render(w, r, http.StatusUnprocessableEntity, "login", &page{Title: "Sign in",
			Flash: &flash{Kind: "error", Text: "Fill in every field."},
			Data:  loginData{Org: in.Org, Email: in.Email, Next: next, Errors: errs}})
		return nil
	}
	if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, r, signed.Token, h.svc.SessionPolicy())
	rememberOrg(w, r, signed.OrgSlug)
	seeOther(w, r, next)
	return nil
}
