package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// accountData is the My account page: every signed-in person's own
// profile, groups, permissions, password form and sessions.
type accountData struct {
	User     *service.UserDetail
	Grants   []grantRow
	Sessions []service.SessionView
	// Errors are the password form's, by field.
	Errors map[string]string
}

// accountShow renders My account. It needs no permission: it is the home
// of a person whose groups give them nothing to administer.
func (h *Web) accountShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderAccount(w, r, http.StatusOK, nil)
}

// renderAccount renders My account with the password form's errors.
func (h *Web) renderAccount(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) error {
	ctx, actor := r.Context(), httpx.ActorFrom(r.Context())
	if actor == nil {
		return console.ErrUnauthenticated
	}
	u, err := h.svc.GetUser(ctx, actor, actor.UserID)
	if err != nil {
		return err
	}
	sessions, err := h.svc.MySessions(ctx, actor)
	if err != nil {
		return err
	}
	// Descriptions come from the catalog, which only those who may read
	// users can list; others see the permissions' names.
	var catalog []console.Permission
	if actor.Can(console.PermUsersRead) {
		if catalog, err = h.svc.ListPermissions(ctx, actor); err != nil {
			return err
		}
	}
	d := accountData{User: u, Sessions: sessions, Errors: errs}
	for _, g := range u.Grants {
		d.Grants = append(d.Grants, grantRow{Permission: describe(catalog, g.Permission), Via: g.Via})
	}
	h.render(w, r, status, "account", &page{Title: "My account", Nav: "account", Data: d})
	return nil
}
