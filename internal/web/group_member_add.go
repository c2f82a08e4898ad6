package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// groupMemberAdd adds the chosen user to the group. A refusal (the actor
// lacks one of the group's permissions, an unknown user) shows the group
// page again with the reason.
func (h *Web) groupMemberAdd(w http.ResponseWriter, r *http.Request) error {
	id, user := r.PathValue("id"), r.PostFormValue("user_id")
	var err error
	if user == "" {
		err = console.Invalid(console.FieldError{Field: "add_members", Message: "Choose a person to add."})
	} else {
		_, err = h.svc.UpdateGroup(r.Context(), httpx.ActorFrom(r.Context()), id, 0, service.GroupChanges{AddMembers: []string{user}})
	}
	return h.afterGroupChange(w, r, id, "member_added", err)
}
