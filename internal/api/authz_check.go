package api

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// checkJSON is the answer of POST /api/v1/authz/check (openapi.yaml:
// CheckResult); Via is [] when the permission is not held.
type checkJSON struct {
	Allowed bool           `json:"allowed"`
	Via     []groupRefJSON `json:"via"`
	Status  console.Status `json:"status"`
}

// authzCheck answers whether a user (id or email) holds a permission now.
func (a *API) authzCheck(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		User       string `json:"user"`
		Permission string `json:"permission"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := a.svc.Check(r.Context(), httpx.ActorFrom(r.Context()), in.User, in.Permission)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, checkJSON{Allowed: res.Allowed, Via: groupRefsJSON(res.Via), Status: res.Status})
	return nil
}
