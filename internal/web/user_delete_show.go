package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type deleteData struct {
	User                *service.UserDetail
	RecentlyDeactivated bool
	Confirm             string
	Errors              map[string]string
}

// userDeleteShow asks to confirm deleting an Inactive user by typing their
// email. Any other status is a conflict, answered by the error page.
func (h *Web) userDeleteShow(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	u, err := h.svc.GetUser(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return notFoundAs(err, errPersonGone)
	}
	if err := firstErr(actor.Require(console.PermUsersDelete), actor.MayActOn(u.DisplayName(), u.Permissions),
		u.Status.CheckAction(console.ActDelete)); err != nil {
		return err
	}
	h.renderDelete(w, r, http.StatusOK, deleteData{User: u})
	return nil
}

func (h *Web) renderDelete(w http.ResponseWriter, r *http.Request, status int, d deleteData) {
	d.RecentlyDeactivated = service.RecentlyDeactivated(d.User.User, h.svc.Now())
	h.render(w, r, status, "user_delete", &page{Title: "Delete " + d.User.Email, Nav: "users", Data: d})
}
