package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

type editData struct {
	ID          string
	Version     int64
	Name, Email string
	Groups      []*console.Group
	Checked     map[string]bool
	Errors      map[string]string
	// Stale says someone else changed the user since the form was loaded.
	Stale bool
	// Invited says the user has not accepted their invitation: a changed
	// email gets a fresh invitation, and the name may stay empty.
	Invited bool
}

// userEditShow renders the form changing an Active or Invited user's name,
// email and groups. The form carries the user's version, so that EditUser refuses
// to overwrite a change made meanwhile.
func (h *Web) userEditShow(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	u, err := h.svc.GetUser(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := firstErr(actor.Require(console.PermUsersManage), actor.MayActOn(u.DisplayName(), u.Permissions),
		u.Status.CheckAction(console.ActEdit)); err != nil {
		return err
	}
	groups, err := h.svc.ListGroups(r.Context(), actor)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "user_edit", &page{Title: "Edit " + u.DisplayName(), Nav: "users",
		Data: editData{ID: u.ID, Version: u.Version, Name: u.Name, Email: u.Email, Groups: groups, Checked: heldGroups(u.User),
			Invited: u.Status == console.StatusInvited}})
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
