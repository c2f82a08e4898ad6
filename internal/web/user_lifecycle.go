package web

import (
	"context"
	"net/http"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
)

// userLifecycle adapts a service action on one user (resend, cancel,
// deactivate...) to a form post: it calls the action and redirects to
// next, where "{id}" stands for the user, with the flash message code.
// Refusals such as a status that no longer allows the action get the
// error page.
func (h *Web) userLifecycle(action func(ctx context.Context, actor *console.Actor, id string) error, code, next string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		if err := action(r.Context(), httpx.ActorFrom(r.Context()), id); err != nil {
			return err
		}
		setFlash(w, code)
		seeOther(w, r, strings.ReplaceAll(next, "{id}", id))
		return nil
	}
}
