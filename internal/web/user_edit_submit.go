package web

import (
	"net/http"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// userEditSubmit saves the edit form if the user is still at the version
// the form was loaded with; otherwise the form comes back with what was
// typed and a warning that someone else changed the user.
func (h *Web) userEditSubmit(w http.ResponseWriter, r *http.Request) error {
	actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
	version := postedVersion(r)
	d := editData{ID: id, Version: version, Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Invited: r.PostFormValue("invited") != ""}
	groups := postValues(r, "groups")
	in := service.EditInput{Name: &d.Name, Email: &d.Email, Groups: &groups}
	if d.Invited && strings.TrimSpace(d.Name) == "" {
		in.Name = nil // an Invited user chooses their name at activation
	}
	before, _ := h.svc.GetUser(r.Context(), actor, id) // only to tell what the edit did
	u, err := h.svc.EditUser(r.Context(), actor, id, version, in)
	if err == nil {
		code, about := "saved", person(u.Name, u.Email)
		if before != nil && before.Status == console.StatusInvited && console.EmailKey(before.Email) != console.EmailKey(u.Email) {
			code, about = "saved_reinvited", u.Email
			if !h.svc.MailConfigured() {
				code = "saved_reinvited_outbox"
			}
		}
		setFlash(w, r, code, about)
		seeOther(w, r, "/users/"+id)
		return nil
	}
	fail := formFailureFor(err)
	if fail == nil {
		return err
	}
	if d.Stale = console.KindOf(err) == console.KindPreconditionFailed; d.Stale {
		fail.Flash.Text = "Someone else changed this user while you were editing. Reload to see their changes, then make yours again."
	}
	if d.Groups, err = h.svc.ListGroups(r.Context(), actor); err != nil {
		return err
	}
	d.Checked, d.Errors = checked(groups), fail.Errors
	h.render(w, r, fail.Status, "user_edit", &page{Title: "Edit user", Nav: "users", Flash: fail.Flash, Data: d})
	return nil
}
