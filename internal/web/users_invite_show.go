package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

type inviteData struct {
	Email, Message string
	Groups         []*console.Group
	Checked        map[string]bool
	Errors         map[string]string
	// Warnings about Email that the administrator confirms by sending
	// Confirm, the address they were about, again.
	Warnings []string
	Confirm  string
}

// usersInviteShow renders the form inviting one person. The permission is
// checked here only to spare a form that could not be sent; InviteUser
// checks it again.
func (h *Web) usersInviteShow(w http.ResponseWriter, r *http.Request) error {
	groups, err := h.svc.InvitationGroups(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "invite", &page{Title: "Invite user", Nav: "users", Data: inviteData{Groups: groups}})
	return nil
}
