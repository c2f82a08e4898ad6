package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// userGroupsSubmit sets a user's groups from the form of their page, if
// the user is still at the version the page showed. A refusal (a group
// granting what the actor does not hold, the last manager of groups, a
// change made meanwhile) shows the page again with the reason and the
// boxes as they were ticked.
func (h *Web) userGroupsSubmit(w http.ResponseWriter, r *http.Request) error {
	actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
	version := postedVersion(r)
	groups := postValues(r, "groups")
	u, err := h.svc.EditUser(r.Context(), actor, id, version, service.EditInput{Groups: &groups})
	if err == nil {
		setFlash(w, r, "groups_saved", person(u.Name, u.Email))
		seeOther(w, r, "/users/"+id)
		return nil
	}
	fail := formFailureFor(err)
	if fail == nil {
		return err
	}
	d, perr := h.userPage(r, id)
	if perr != nil {
		return perr
	}
	if d.Stale = console.KindOf(err) == console.KindPreconditionFailed; d.Stale {
		fail.Flash.Text = "Someone else changed this user since this page was loaded. Reload it to see their changes, then choose the groups again."
	}
	d.Version, d.Checked, d.Errors = version, checked(groups), fail.Errors
	h.render(w, r, fail.Status, "user", &page{Title: d.User.DisplayName(), Nav: "users", Flash: fail.Flash, Data: d})
	return nil
}
