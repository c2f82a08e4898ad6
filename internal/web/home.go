package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

var errPageNotFound = &console.Error{Kind: console.KindNotFound, Message: "There is no page at this address."}

// home sends a signed-in user to the users list, anyone else to sign in.
func (h *Web) home(w http.ResponseWriter, r *http.Request) error {
	if httpx.ActorFrom(r.Context()) == nil {
		seeOther(w, r, "/login")
		return nil
	}
	seeOther(w, r, "/users")
	return nil
}
