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
	var about string
	if user == "" {
		err = console.Invalid(console.FieldError{Field: "add_members", Message: "Choose a person to add."})
	} else {
		var g *service.GroupDetail
		g, err = h.svc.UpdateGroup(r.Context(), httpx.ActorFrom(r.Context()), id, 0, service.GroupChanges{AddMembers: []string{user}})
		if err == nil {
			about = memberName(g.Members, user)
		}
	}
	return h.afterGroupChange(w, r, id, "member_added", about, err)
}

// memberName names the member whose id is id, "" when not among members.
func memberName(members []*console.User, id string) string {
	for _, u := range members {
		if u.ID == id {
			return person(u.Name, u.Email)
		}
	}
	return ""
}
