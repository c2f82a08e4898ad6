package api

import (
	"net/http"
	"strconv"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

var errNeedIfMatch = &console.Error{Kind: console.KindPreconditionFailed,
	Message: "Send If-Match with the user's version (the ETag of GET /api/v1/users/{id}), so no change is lost."}

// editUser changes name, email and groups if If-Match still names the
// user's version.
func (a *API) editUser(w http.ResponseWriter, r *http.Request) error {
	version, ok := parseIfMatch(r.Header.Get("If-Match"))
	if !ok {
		return errNeedIfMatch
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

// parseIfMatch reads a version from `"3"`, `W/"3"` or `3`.
func parseIfMatch(h string) (int64, bool) {
	h = strings.Trim(strings.TrimPrefix(strings.TrimSpace(h), "W/"), `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	return v, err == nil && v > 0
}

// writeUser answers one user with its version as ETag.
func (a *API) writeUser(w http.ResponseWriter, u *service.UserDetail) {
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(u.Version, 10)))
	out := newUserJSON(u.User, u.Permissions, a.svc.Now())
	out.Grants = u.Grants
	httpx.WriteJSON(w, http.StatusOK, out)
}
