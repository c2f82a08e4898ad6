package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

type setupData struct {
	Token, Name, Slug, AdminName, AdminEmail string
	Errors                                   map[string]string
}

var errSetupClosed = &console.Error{Kind: console.KindNotFound,
	Message: "This setup link is no longer valid: Console is already set up, or the link expired. If you set it up, sign in with your company slug. For a new link, the person who runs Console starts it again on an empty database."}

// setupShow renders the first-run form behind a link printed by serve.
func (h *Web) setupShow(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	ok, err := h.svc.SetupOpen(r.Context(), token, httpx.ClientFrom(r))
	if err != nil {
		return err
	}
	if !ok {
		return errSetupClosed
	}
	h.render(w, r, http.StatusOK, "setup", &page{Title: "Set up Console", Data: setupData{Token: token}})
	return nil
}
