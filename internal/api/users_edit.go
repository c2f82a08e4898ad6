package api

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// editUser changes name, email and groups if If-Match still names the
// user's version.
func (a *API) editUser(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in struct {
		Name   *string   `json:"name"`
		Email  *string   `json:"email"`
		Groups *[]string `json:"groups"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	u, err := a.svc.EditUser(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), version,
		service.EditInput{Name: in.Name, Email: in.Email, Groups: in.Groups})
	if err != nil {
		return err
	}
	a.writeUser(w, u)
	return nil
}

// writeUser answers one user with its version as ETag.
func (a *API) writeUser(w http.ResponseWriter, u *service.UserDetail) {
	setETag(w, u.Version)
	out := newProfileJSON(u.User, u.Permissions, a.svc.Now())
	out.Grants = grantsJSON(u.Grants)
	if d := u.Deactivation; d != nil {
		out.Deactivation = &deactivationJSON{Reason: string(d.Reason), Note: d.Note, By: d.ActorID, At: d.At}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
