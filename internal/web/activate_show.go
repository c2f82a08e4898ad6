package web

import (
	"net/http"

	"console/internal/httpx"
)

type activateData struct {
	Dead                        bool
	Token, OrgName, Email, Name string
	Errors                      map[string]string
}

// activateShow renders the activation form of an invitation link, or a
// page explaining that the link is dead and what to do.
func (h *Web) activateShow(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	inv, err := h.svc.PeekInvitation(r.Context(), token, httpx.ClientFrom(r))
	if err != nil {
		return err
	}
	if !inv.Usable {
		h.render(w, r, http.StatusGone, "activate", &page{Title: "Invitation link expired", Data: activateData{Dead: true}})
		return nil
	}
	h.render(w, r, http.StatusOK, "activate", &page{Title: "Activate your account",
		Data: activateData{Token: token, OrgName: inv.Org.Name, Email: inv.Email}})
	return nil
}
