// Package web is Console's HTML interface: server-rendered pages that work
// without JavaScript. Each handler decodes a form, calls one service method
// and renders a page or redirects.
package web

import (
	"html/template"
	"log/slog"
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// Web serves the HTML interface.
type Web struct {
	svc  *service.Service
	log  *slog.Logger
	tmpl map[string]*template.Template
}

// Routes registers every page on mux. Static files are served without
// authentication; pages go through it.
func Routes(mux *http.ServeMux, svc *service.Service, log *slog.Logger) error {
	tmpl, err := parseTemplates()
	if err != nil {
		return err
	}
	h := &Web{svc: svc, log: log, tmpl: tmpl}
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(staticFiles())))
	h.handle(mux, "GET /{$}", h.home)
	h.handle(mux, "GET /login", h.loginShow)
	h.handle(mux, "POST /login", h.loginSubmit)
	h.handle(mux, "POST /logout", h.logout)
	h.handle(mux, "GET /setup", h.setupShow)
	h.handle(mux, "POST /setup", h.setupSubmit)
	h.handle(mux, "GET /activate", h.activateShow)
	h.handle(mux, "POST /activate", h.activateSubmit)
	h.handle(mux, "GET /forgot-password", h.passwordForgotShow)
	h.handle(mux, "POST /forgot-password", h.passwordForgotSubmit)
	h.handle(mux, "GET /reset-password", h.passwordResetShow)
	h.handle(mux, "POST /reset-password", h.passwordResetSubmit)
	h.handle(mux, "GET /users", h.usersList)
	h.handle(mux, "GET /users/invite", h.usersInviteShow)
	h.handle(mux, "POST /users/invite", h.usersInviteSubmit)
	h.handle(mux, "GET /users/{id}", h.userShow)
	h.handle(mux, "GET /users/{id}/edit", h.userEditShow)
	h.handle(mux, "POST /users/{id}/edit", h.userEditSubmit)
	h.handle(mux, "GET /users/{id}/delete", h.userDeleteShow)
	h.handle(mux, "POST /users/{id}/delete", h.userDeleteSubmit)
	h.handle(mux, "POST /users/{id}/resend", h.userLifecycle(svc.ResendInvitation, "resent", "/users/{id}"))
	h.handle(mux, "POST /users/{id}/cancel", h.userLifecycle(svc.CancelInvitation, "cancelled", "/users"))
	h.handle(mux, "POST /users/{id}/deactivate", h.userLifecycle(svc.Deactivate, "deactivated", "/users/{id}"))
	h.handle(mux, "POST /users/{id}/reactivate", h.userLifecycle(svc.Reactivate, "reactivated", "/users/{id}"))
	h.handle(mux, "POST /users/{id}/password-reset", h.userLifecycle(svc.SendPasswordReset, "reset_sent", "/users/{id}"))
	h.handle(mux, "POST /users/{id}/groups", h.userGroupsSubmit)
	h.handle(mux, "GET /groups", h.groupsList)
	h.handle(mux, "GET /groups/new", h.groupsNewShow)
	h.handle(mux, "POST /groups/new", h.groupsNewSubmit)
	h.handle(mux, "GET /groups/{id}", h.groupShow)
	h.handle(mux, "GET /groups/{id}/edit", h.groupEditShow)
	h.handle(mux, "POST /groups/{id}/edit", h.groupEditSubmit)
	h.handle(mux, "GET /groups/{id}/delete", h.groupDeleteShow)
	h.handle(mux, "POST /groups/{id}/delete", h.groupDeleteSubmit)
	h.handle(mux, "POST /groups/{id}/members/add", h.groupMemberAdd)
	h.handle(mux, "POST /groups/{id}/members/remove", h.groupMemberRemove)
	h.handle(mux, "GET /permissions", h.permissionsList)
	h.handle(mux, "POST /permissions", h.permissionsCreate)
	h.handle(mux, "POST /permissions/delete", h.permissionsDelete)
	h.handle(mux, "GET /outbox", h.outboxList)
	h.handle(mux, "/", func(http.ResponseWriter, *http.Request) error { return errPageNotFound })
	return nil
}

// handle adapts a handler that returns an error: forms posted with a
// session must carry its CSRF token, and errors become friendly pages.
func (h *Web) handle(mux *http.ServeMux, pattern string, fn func(http.ResponseWriter, *http.Request) error) {
	mux.Handle(pattern, httpx.Authenticate(h.svc, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := httpx.CheckCSRF(r)
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			h.renderError(w, r, err)
		}
	})))
}
