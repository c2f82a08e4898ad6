package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// usersInviteSubmit invites one person and returns to the users list; a
// refused invitation shows the form again with what was typed. An address
// with warnings (one that may only look like the address meant) is shown
// again with them first, and invited when the administrator sends that
// same address again: the form then carries it in confirm_email, so that
// changing the address asks again.
func (h *Web) usersInviteSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.InviteInput{Email: r.PostFormValue("email"), Groups: postValues(r, "groups"), Message: r.PostFormValue("message")}
	in.HoldIfWarned = r.PostFormValue("confirm_email") != in.Email
	res, err := h.svc.InviteUser(r.Context(), httpx.ActorFrom(r.Context()), in)
	if fail := formFailureFor(err); fail != nil {
		return h.inviteAgain(w, r, fail.Status, fail.Flash, in, inviteData{Errors: fail.Errors})
	} else if err != nil {
		return err
	}
	if res.User == nil {
		data := inviteData{Confirm: in.Email}
		for _, warning := range res.Warnings {
			data.Warnings = append(data.Warnings, warning.Message)
		}
		return h.inviteAgain(w, r, http.StatusOK, &flash{Kind: "warning", Text: "Check the address before sending the invitation."}, in, data)
	}
	h.setMailFlash(w, r, "invited", res.User.Email)
	seeOther(w, r, afterInvite(httpx.ActorFrom(r.Context())))
	return nil
}

// afterInvite is where an invitation sent returns to: the users list, or
// for someone who may invite but not list users, the form again.
func afterInvite(actor *console.Actor) string {
	if actor.Can(console.PermUsersRead) {
		return "/users"
	}
	return "/users/invite"
}

// inviteAgain shows the invitation form again with what was typed.
func (h *Web) inviteAgain(w http.ResponseWriter, r *http.Request, status int, f *flash, in service.InviteInput, data inviteData) error {
	groups, err := h.svc.InvitationGroups(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	data.Email, data.Message, data.Groups, data.Checked = in.Email, in.Message, groups, checked(in.Groups)
	h.render(w, r, status, "invite", &page{Title: "Invite user", Nav: "users", Flash: f, Data: data})
	return nil
}
