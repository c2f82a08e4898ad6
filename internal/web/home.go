package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

var errPageNotFound = &console.Error{Kind: console.KindNotFound, Message: "There is no page at this address."}

// home sends a signed-in person to where they start (homePath), anyone
// else to sign in; before any organization exists it says where the setup
// link is. Sign-in, activation, setup and reset all land here, so a person
// whose groups give them nothing to administer lands on My account, never
// on a page they may not open.
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
	seeOther(w, r, homePath(httpx.ActorFrom(r.Context())))
	return nil
}

// homePath is where a signed-in person starts: the users list for who may
// read it, the invitation form for who may only invite, My account for
// everyone else.
func homePath(actor *console.Actor) string {
	switch {
	case actor.Can(console.PermUsersRead):
		return "/users"
	case actor.Can(console.PermUsersInvite):
		return "/users/invite"
	}
	return "/account"
}
