package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

var errPageNotFound = &console.Error{Kind: console.KindNotFound, Message: "There is no page at this address."}

// home sends a signed-in user to the users list, anyone else to sign in;
// before any organization exists it says where the setup link is.
func (h *Web) home(w http.ResponseWriter, r *http.Request) error {
	if httpx.ActorFrom(r.Context()) == nil {
		setUp, err := h.svc.SetUp(r.Context())
		if err != nil {
			return err
		}
		if !setUp {
			h.render(w, r, http.StatusOK, "not_set_up", &page{Title: "Console is not set up yet"})
			return nil
		}
		seeOther(w, r, "/login")
		return nil
	}
	seeOther(w, r, afterInvite(httpx.ActorFrom(r.Context())))
	return nil
}
