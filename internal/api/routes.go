// Package api is Console's JSON API under /api/v1. Each handler decodes the
// request, calls one service method and encodes the answer; errors become
// RFC 9457 problems through httpx.
package api

import (
	"log/slog"
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// API serves /api/v1.
type API struct {
	svc *service.Service
	log *slog.Logger
}

// Routes registers every API route on mux.
func Routes(mux *http.ServeMux, svc *service.Service, log *slog.Logger) {
	a := &API{svc: svc, log: log}
	a.handle(mux, "POST /api/v1/session", a.createSession)
	a.handle(mux, "DELETE /api/v1/session", a.deleteSession)
	a.handle(mux, "POST /api/v1/activate", a.activate)
	a.handle(mux, "GET /api/v1/me", a.me)
	a.handle(mux, "GET /api/v1/users", a.listUsers)
	a.handle(mux, "GET /api/v1/users/{id}", a.getUser)
	a.handle(mux, "POST /api/v1/users/invite", a.inviteUser)
	a.handle(mux, "PATCH /api/v1/users/{id}", a.editUser)
	a.handle(mux, "DELETE /api/v1/users/{id}", a.deleteUser)
	a.handle(mux, "POST /api/v1/users/{id}/invitation/resend", a.lifecycle(svc.ResendInvitation))
	a.handle(mux, "DELETE /api/v1/users/{id}/invitation", a.cancelInvitation)
	a.handle(mux, "POST /api/v1/users/{id}/deactivate", a.lifecycle(svc.Deactivate))
	a.handle(mux, "POST /api/v1/users/{id}/reactivate", a.lifecycle(svc.Reactivate))
	a.handle(mux, "POST /api/v1/users/{id}/password-reset", a.sendPasswordReset)
	a.handle(mux, "GET /api/v1/groups", a.listGroups)
	a.handle(mux, "POST /api/v1/groups", a.createGroup)
	a.handle(mux, "GET /api/v1/groups/{id}", a.getGroup)
	a.handle(mux, "PATCH /api/v1/groups/{id}", a.updateGroup)
	a.handle(mux, "DELETE /api/v1/groups/{id}", a.deleteGroup)
	a.handle(mux, "GET /api/v1/permissions", a.listPermissions)
	a.handle(mux, "POST /api/v1/permissions", a.createPermission)
	a.handle(mux, "DELETE /api/v1/permissions/{name}", a.deletePermission)
	a.handle(mux, "POST /api/v1/authz/check", a.authzCheck)
	a.handle(mux, "POST /api/v1/password/forgot", a.forgotPassword)
	a.handle(mux, "POST /api/v1/password/reset", a.resetPassword)
	a.handle(mux, "/api/", func(http.ResponseWriter, *http.Request) error { return console.ErrNotFound })
}

// handle adapts a handler that returns an error: unsafe requests made with
// the session cookie must carry the CSRF token, and errors become problems.
func (a *API) handle(mux *http.ServeMux, pattern string, fn func(http.ResponseWriter, *http.Request) error) {
	mux.Handle(pattern, httpx.Authenticate(a.svc, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := httpx.CheckCSRF(r)
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			httpx.WriteProblem(w, r, a.log, err)
		}
	})))
}
