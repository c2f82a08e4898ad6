package api

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// me returns the caller's own profile and effective permissions.
func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	if actor == nil {
		return console.ErrUnauthenticated
	}
	if !actor.IsPerson() {
		return console.ErrPersonOnly
	}
	u, err := a.svc.GetUser(r.Context(), actor, actor.UserID)
	if err != nil {
		return err
	}
	a.writeUser(w, u)
	return nil
}
