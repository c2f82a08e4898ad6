package web

import (
	"context"
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// userLifecycle adapts a one-click service action on one user (resend,
// reactivate) to a form post: it calls the action and returns to the
// user's page with the flash message code naming them; mail says the
// action emails them (see setMailFlash). Refusals such as a status that
// no longer allows the action get the error page. Destructive actions
// ask first instead (userConfirmSubmit).
func (h *Web) userLifecycle(action func(ctx context.Context, actor *console.Actor, id string, version int64) error, code string, mail bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
		u, err := h.svc.GetUser(r.Context(), actor, id)
		if err != nil {
			return err
		}
		if err := action(r.Context(), actor, id, postedVersion(r)); err != nil {
			return err
		}
		if mail {
			h.setMailFlash(w, r, code, person(u.Name, u.Email))
		} else {
			setFlash(w, r, code, person(u.Name, u.Email))
		}
		seeOther(w, r, "/users/"+id)
		return nil
	}
}
