package web

import (
	"net/http"
	"slices"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// groupMemberRemove takes a user out of the group. Refusals, such as
// removing the last person who can manage groups, show the group page
// again with the reason.
func (h *Web) groupMemberRemove(w http.ResponseWriter, r *http.Request) error {
	actor, id, user := httpx.ActorFrom(r.Context()), r.PathValue("id"), r.PostFormValue("user_id")
	g, err := h.svc.GetGroup(r.Context(), actor, id)
	if err != nil {
		return err
	}
	u, err := h.svc.GetUser(r.Context(), actor, user)
	if err != nil {
		return notFoundAs(err, errPersonGone)
	}
	about := person(u.Name, u.Email)
	if !slices.ContainsFunc(u.Groups, func(ref console.GroupRef) bool { return ref.ID == g.ID }) {
		return alreadyDone(w, r, "/groups/"+id, about+" is not in "+g.Name+".")
	}
	_, err = h.svc.UpdateGroup(r.Context(), actor, id, 0, service.GroupChanges{RemoveMembers: []string{user}})
	return h.afterGroupChange(w, r, id, "member_removed", about, err)
}
