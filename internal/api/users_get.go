package api

import (
	"net/http"

	"console/internal/httpx"
)

// getUser returns one user with effective permissions; the ETag is the
// version that a later PATCH sends back in If-Match.
func (a *API) getUser(w http.ResponseWriter, r *http.Request) error {
	u, err := a.svc.GetUser(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	a.writeUser(w, u)
	return nil
}
