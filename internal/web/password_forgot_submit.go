package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// passwordForgotSubmit asks for a reset link. The page that follows never
// tells whether the account exists; only too many requests are refused.
func (h *Web) passwordForgotSubmit(w http.ResponseWriter, r *http.Request) error {
	d := forgotData{Org: r.PostFormValue("org"), Email: r.PostFormValue("email")}
	err := h.svc.ForgotPassword(r.Context(), d.Org, d.Email, httpx.ClientFrom(r))
	if d.Errors = fieldErrors(err); d.Errors != nil {
		h.render(w, r, http.StatusUnprocessableEntity, "forgot", &page{Title: "Reset your password", Data: d})
		return nil
	}
	if console.KindOf(err) == console.KindRateLimited {
		httpx.SetRetryAfter(w, err)
		h.render(w, r, http.StatusTooManyRequests, "forgot", &page{Title: "Reset your password",
			Flash: &flash{Kind: "error", Text: console.AsError(err).Message}, Data: d})
		return nil
	} else if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "forgot", &page{Title: "Check your email", Data: forgotData{Sent: true}})
	return nil
}
