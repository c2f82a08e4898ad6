package web

import (
	"context"
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// userLifecycle adapts a one-click service action act on one user
// (resend, reactivate) to a form post: it calls the action and returns to
// the user's page, or the users list it came from (listBack), with the flash message
// code naming them; mail says the action emails them (see setMailFlash).
// An action the user's status no longer allows (a second click, another
// tab) returns there saying so (alreadyDone). Destructive actions ask
// first instead (userConfirmSubmit).
func (h *Web) userLifecycle(act console.UserAction, action func(ctx context.Context, actor *console.Actor, id string, version int64) error, code string, mail bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
		next := "/users/" + id
		if back := listBack(r.PostFormValue("from")); back != "" {
			next = back
		}
		u, err := h.svc.GetUser(r.Context(), actor, id)
		if err != nil {
			return notFoundAs(err, errPersonGone)
		}
		if err := action(r.Context(), actor, id, postedVersion(r)); console.KindOf(err) == console.KindConflict {
			return alreadyDone(w, r, next, userAlready(act, u))
		} else if err != nil {
			return err
		}
		if mail {
			h.setMailFlash(w, r, code, person(u.Name, u.Email))
		} else {
			setFlash(w, r, code, person(u.Name, u.Email))
		}
		seeOther(w, r, next)
		return nil
	}
}
