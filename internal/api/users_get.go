package api

import (
	"net/http"
	"strconv"

	"console/internal/httpx"
)

// getUser returns one user with effective permissions; the ETag is the
// version that a later PATCH sends back in If-Match.
func (a *API) getUser(w http.ResponseWriter, r *http.Request) error {
	u, err := a.svc.GetUser(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(u.Version, 10)))
	httpx.WriteJSON(w, http.StatusOK, newUserJSON(u.User, u.Permissions, a.svc.Now()))
	return nil
}
