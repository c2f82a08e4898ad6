package web

import (
	"console/internal/httpx"
	"net/http"
)

type resetData struct {
	Token  string
	Dead   bool
	Errors map[string]string
}

// passwordResetShow renders the form choosing a new password from a reset
// link, or a page explaining that the link is dead and what to do.
func (h *Web) passwordResetShow(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	ok, err := h.svc.ResetLinkValid(r.Context(), token, httpx.ClientFrom(r))
	if err != nil {
		return err
	}
	if !ok {
		h.renderResetDead(w, r)
		return nil
	}
	h.render(w, r, http.StatusOK, "reset", &page{Title: "Choose a new password", Data: resetData{Token: token}})
	return nil
}

func (h *Web) renderResetDead(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusGone, "reset", &page{Title: "Reset link expired", Data: resetData{Dead: true}})
}
