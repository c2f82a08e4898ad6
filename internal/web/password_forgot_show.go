package web

import "net/http"

type forgotData struct {
	Org, Email string
	// Sent shows the answer to a request, the same whether or not the
	// account exists.
	Sent   bool
	Errors map[string]string
}

// passwordForgotShow renders the form asking for a password reset link.
func (h *Web) passwordForgotShow(w http.ResponseWriter, r *http.Request) error {
	org := r.URL.Query().Get("org")
	if org == "" {
		org = rememberedOrg(r)
	}
	h.render(w, r, http.StatusOK, "forgot", &page{Title: "Reset your password", Data: forgotData{Org: org}})
	return nil
}
