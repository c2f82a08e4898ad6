// Package web is Console's HTML interface: server-rendered pages that work
// without JavaScript. Each handler decodes a form, calls one service method
// and renders a page or redirects.
package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"console/internal/console"
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
	mux.Handle("GET /static/", http.StripPrefix("/static/", noListing(http.FileServerFS(staticFiles()))))
	h.handle(mux, "GET /{$}", httpx.NoBody, h.home)
	h.handle(mux, "GET /login", httpx.NoBody, h.loginShow)
	h.handle(mux, "POST /login", httpx.PublicForm, h.loginSubmit)
	h.handle(mux, "POST /logout", httpx.PublicForm, h.logout)
	h.handle(mux, "GET /setup", httpx.NoBody, h.setupShow)
	h.handle(mux, "POST /setup", httpx.PublicForm, h.setupSubmit)
	h.handle(mux, "GET /activate", httpx.NoBody, h.activateShow)
	h.handle(mux, "POST /activate", httpx.PublicForm, h.activateSubmit)
	h.handle(mux, "GET /forgot-password", httpx.NoBody, h.passwordForgotShow)
	h.handle(mux, "POST /forgot-password", httpx.PublicForm, h.passwordForgotSubmit)
	h.handle(mux, "GET /reset-password", httpx.NoBody, h.passwordResetShow)
	h.handle(mux, "POST /reset-password", httpx.PublicForm, h.passwordResetSubmit)
	h.handle(mux, "GET /account", httpx.NoBody, h.accountShow)
	h.handle(mux, "POST /account/password", httpx.Form, h.accountPasswordSubmit)
	h.handle(mux, "POST /account/sessions/{sid}/end", httpx.Form, h.accountSessionEnd)
	h.handle(mux, "POST /account/sessions/end-others", httpx.Form, h.accountSessionsEndOthers)
	h.handle(mux, "GET /users", httpx.NoBody, h.usersList)
	h.handle(mux, "GET /users/invite", httpx.NoBody, h.usersInviteShow)
	h.handle(mux, "POST /users/invite", httpx.Form, h.usersInviteSubmit)
	h.handle(mux, "GET /users/export.csv", httpx.NoBody, h.usersExport)
	h.handle(mux, "GET /users/{id}", httpx.NoBody, h.userShow)
	h.handle(mux, "GET /users/{id}/edit", httpx.NoBody, h.userEditShow)
	h.handle(mux, "POST /users/{id}/edit", httpx.Form, h.userEditSubmit)
	h.handle(mux, "GET /users/{id}/delete", httpx.NoBody, h.userDeleteShow)
	h.handle(mux, "POST /users/{id}/delete", httpx.Form, h.userDeleteSubmit)
	h.handle(mux, "POST /users/{id}/resend", httpx.Form, h.userLifecycle(console.ActResendInvitation, svc.ResendInvitation, "resent", true))
	h.handle(mux, "POST /users/{id}/reactivate", httpx.Form, h.userLifecycle(console.ActReactivate, svc.Reactivate, "reactivated", false))
	h.handle(mux, "GET /users/{id}/cancel", httpx.NoBody, h.userConfirmShow("cancel"))
	h.handle(mux, "POST /users/{id}/cancel", httpx.Form, h.userConfirmSubmit("cancel"))
	h.handle(mux, "GET /users/{id}/deactivate", httpx.NoBody, h.userConfirmShow("deactivate"))
	h.handle(mux, "POST /users/{id}/deactivate", httpx.Form, h.userConfirmSubmit("deactivate"))
	h.handle(mux, "GET /users/{id}/password-reset", httpx.NoBody, h.userConfirmShow("password-reset"))
	h.handle(mux, "POST /users/{id}/password-reset", httpx.Form, h.userConfirmSubmit("password-reset"))
	h.handle(mux, "POST /users/{id}/groups", httpx.Form, h.userGroupsSubmit)
	h.handle(mux, "GET /groups", httpx.NoBody, h.groupsList)
	h.handle(mux, "GET /groups/new", httpx.NoBody, h.groupsNewShow)
	h.handle(mux, "POST /groups/new", httpx.Form, h.groupsNewSubmit)
	h.handle(mux, "GET /groups/{id}", httpx.NoBody, h.groupShow)
	h.handle(mux, "GET /groups/{id}/edit", httpx.NoBody, h.groupEditShow)
	h.handle(mux, "POST /groups/{id}/edit", httpx.Form, h.groupEditSubmit)
	h.handle(mux, "GET /groups/{id}/delete", httpx.NoBody, h.groupDeleteShow)
	h.handle(mux, "POST /groups/{id}/delete", httpx.Form, h.groupDeleteSubmit)
	h.handle(mux, "POST /groups/{id}/members/add", httpx.Form, h.groupMemberAdd)
	h.handle(mux, "POST /groups/{id}/members/remove", httpx.Form, h.groupMemberRemove)
	h.handle(mux, "GET /permissions", httpx.NoBody, h.permissionsList)
	h.handle(mux, "POST /permissions", httpx.Form, h.permissionsCreate)
	h.handle(mux, "GET /permissions/delete", httpx.NoBody, h.permissionsDeleteShow)
	h.handle(mux, "POST /permissions/delete", httpx.Form, h.permissionsDelete)
	h.handle(mux, "GET /tokens", httpx.NoBody, h.tokensList)
	h.handle(mux, "POST /tokens", httpx.Form, h.tokensCreate)
	h.handle(mux, "GET /tokens/{id}/revoke", httpx.NoBody, h.tokenRevokeShow)
	h.handle(mux, "POST /tokens/{id}/revoke", httpx.Form, h.tokenRevoke)
	h.handle(mux, "GET /outbox", httpx.NoBody, h.outboxList)
	h.handle(mux, "GET /emails", httpx.NoBody, h.emailsList)
	h.handle(mux, "POST /emails/{id}/retry", httpx.Form, h.emailRetry)
	h.handle(mux, "/", httpx.NoBody, func(http.ResponseWriter, *http.Request) error { return errPageNotFound })
	return nil
}

// handle adapts a handler that returns an error: the body is bounded by
// body, forms posted with a session must carry its CSRF token, and errors
// become friendly pages.
func (h *Web) handle(mux *http.ServeMux, pattern string, body httpx.Body, fn func(http.ResponseWriter, *http.Request) error) {
	mux.Handle(pattern, httpx.LimitBody(body, h.renderError, httpx.Authenticate(h.svc, h.renderError, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := httpx.CheckCSRF(r)
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			h.renderError(w, r, err)
		}
	}))))
}

// noListing answers 404 for a folder, which http.FileServerFS would list.
func noListing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
