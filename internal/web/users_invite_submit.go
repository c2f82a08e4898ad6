package web

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// usersInviteSubmit invites one person and returns to the users list; a
// refused invitation shows the form again with what was typed.
func (h *Web) usersInviteSubmit(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	in := service.InviteInput{Email: r.PostFormValue("email"), Groups: postValues(r, "groups"), Message: r.PostFormValue("message")}
	_, err := h.svc.InviteUser(r.Context(), actor, in)
	if fail := formFailureFor(err); fail != nil {
		groups, gerr := h.svc.ListGroups(r.Context(), actor)
		if gerr != nil {
			return gerr
		}
		h.render(w, r, fail.Status, "invite", &page{Title: "Invite user", Nav: "users", Flash: fail.Flash,
			Data: inviteData{Email: in.Email, Message: in.Message, Groups: groups, Checked: checked(in.Groups), Errors: fail.Errors}})
		return nil
	} else if err != nil {
		return err
	}
	setFlash(w, "invited")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}
