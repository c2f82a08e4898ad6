package web

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// groupMemberRemove takes a user out of the group. Refusals, such as
// removing the last person who can manage groups, show the group page
// again with the reason.
func (h *Web) groupMemberRemove(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	_, err := h.svc.UpdateGroup(r.Context(), httpx.ActorFrom(r.Context()), id, 0,
		service.GroupChanges{RemoveMembers: []string{r.PostFormValue("user_id")}})
	return h.afterGroupChange(w, r, id, "member_removed", err)
}
