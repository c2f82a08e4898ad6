// Package api is Console's JSON API under /api/v1. Each handler decodes the
// request, calls one service method and encodes the answer; errors become
// RFC 9457 problems through httpx.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// API serves /api/v1.
type API struct {
	svc *service.Service
	log *slog.Logger
	// patterns are the operations registered, "METHOD /path", for the
	// test that holds them and the OpenAPI document to each other.
	patterns []string
}

// Routes registers every API route on mux.
func Routes(mux *http.ServeMux, svc *service.Service, log *slog.Logger) {
	(&API{svc: svc, log: log}).routes(mux)
}

// routes registers every route on mux, each with its pattern in
// a.patterns. Every one is described in openapi.yaml.
func (a *API) routes(mux *http.ServeMux) {
	svc := a.svc
	a.pattern(mux, "GET /api/v1/openapi.json", serveOpenAPI())
	a.handle(mux, "POST /api/v1/session", httpx.PublicJSON, a.createSession)
	a.handle(mux, "DELETE /api/v1/session", httpx.JSON, a.deleteSession)
	a.handle(mux, "POST /api/v1/activate", httpx.PublicJSON, a.activate)
	a.handle(mux, "GET /api/v1/me", httpx.NoBody, a.me)
	a.handle(mux, "POST /api/v1/me/password", httpx.PublicJSON, a.changeOwnPassword)
	a.handle(mux, "GET /api/v1/me/sessions", httpx.NoBody, a.mySessions)
	a.handle(mux, "DELETE /api/v1/me/sessions", httpx.JSON, a.endMyOtherSessions)
	a.handle(mux, "DELETE /api/v1/me/sessions/{sid}", httpx.JSON, a.endMySession)
	a.handle(mux, "GET /api/v1/users", httpx.NoBody, a.listUsers)
	a.handle(mux, "GET /api/v1/users/export.csv", httpx.NoBody, a.exportUsers)
	a.handle(mux, "GET /api/v1/users/{id}", httpx.NoBody, a.getUser)
	a.handle(mux, "POST /api/v1/users/invite", httpx.JSON, a.idempotent(a.inviteUser))
	a.handle(mux, "PATCH /api/v1/users/{id}", httpx.JSON, a.editUser)
	a.handle(mux, "DELETE /api/v1/users/{id}", httpx.JSON, a.deleteUser)
	a.handle(mux, "POST /api/v1/users/{id}/invitation/resend", httpx.JSON, a.lifecycle(svc.ResendInvitation))
	a.handle(mux, "DELETE /api/v1/users/{id}/invitation", httpx.JSON, a.cancelInvitation)
	a.handle(mux, "POST /api/v1/users/{id}/deactivate", httpx.JSON, a.deactivateUser)
	a.handle(mux, "POST /api/v1/users/{id}/reactivate", httpx.JSON, a.lifecycle(svc.Reactivate))
	a.handle(mux, "POST /api/v1/users/{id}/password-reset", httpx.JSON, a.sendPasswordReset)
	a.handle(mux, "GET /api/v1/users/{id}/emails", httpx.NoBody, a.userEmails)
	a.handle(mux, "GET /api/v1/emails", httpx.NoBody, a.listEmails)
	a.handle(mux, "POST /api/v1/emails/{id}/retry", httpx.JSON, a.retryEmail)
	a.handle(mux, "GET /api/v1/groups", httpx.NoBody, a.listGroups)
	a.handle(mux, "POST /api/v1/groups", httpx.JSON, a.idempotent(a.createGroup))
	a.handle(mux, "GET /api/v1/groups/{id}", httpx.NoBody, a.getGroup)
	a.handle(mux, "PATCH /api/v1/groups/{id}", httpx.JSON, a.updateGroup)
	a.handle(mux, "DELETE /api/v1/groups/{id}", httpx.JSON, a.deleteGroup)
	a.handle(mux, "GET /api/v1/permissions", httpx.NoBody, a.listPermissions)
	a.handle(mux, "POST /api/v1/permissions", httpx.JSON, a.idempotent(a.createPermission))
	a.handle(mux, "GET /api/v1/permissions/{name}", httpx.NoBody, a.getPermission)
	a.handle(mux, "PATCH /api/v1/permissions/{name}", httpx.JSON, a.updatePermission)
	a.handle(mux, "DELETE /api/v1/permissions/{name}", httpx.JSON, a.deletePermission)
	a.handle(mux, "GET /api/v1/tokens", httpx.NoBody, a.listTokens)
	a.handle(mux, "POST /api/v1/tokens", httpx.JSON, a.idempotentSecret(a.createToken))
	a.handle(mux, "GET /api/v1/tokens/{id}", httpx.NoBody, a.getToken)
	a.handle(mux, "DELETE /api/v1/tokens/{id}", httpx.JSON, a.revokeToken)
	a.handle(mux, "POST /api/v1/authz/check", httpx.JSON, a.authzCheck)
	a.handle(mux, "POST /api/v1/password/forgot", httpx.PublicJSON, a.forgotPassword)
	a.handle(mux, "POST /api/v1/password/reset", httpx.PublicJSON, a.resetPassword)
	// Not an operation: any other path or method under /api/ is a
	// problem+json 404 or 405.
	mux.Handle("/api/", a.adapt(httpx.NoBody, a.unrouted(mux)))
}

var errMethodNotAllowed = &console.Error{Kind: console.KindMethodNotAllowed,
	Message: "This address does not take this method; Allow lists those it takes."}

// probedMethods are the methods unrouted tries to say which a path takes.
var probedMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// unrouted answers a request under /api/ that no route takes, as
// problem+json like every other error: 405 with Allow when the path
// exists for other methods, 404 otherwise.
func (a *API) unrouted(mux *http.ServeMux) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		var allow []string
		for _, m := range probedMethods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
				allow = append(allow, m)
			}
			if m == http.MethodGet && len(allow) == 1 {
				allow = append(allow, http.MethodHead) // served by every GET route
			}
		}
		if len(allow) == 0 {
			return console.ErrNotFound
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return errMethodNotAllowed
	}
}

// pattern registers h for pattern and records the pattern.
func (a *API) pattern(mux *http.ServeMux, pattern string, h http.Handler) {
	a.patterns = append(a.patterns, pattern)
	mux.Handle(pattern, h)
}

// handle adapts a handler that returns an error: the body is bounded by
// body, unsafe requests made with the session cookie must carry the CSRF
// token, and errors become problems.
func (a *API) handle(mux *http.ServeMux, pattern string, body httpx.Body, fn func(http.ResponseWriter, *http.Request) error) {
	a.pattern(mux, pattern, a.adapt(body, fn))
}

// adapt is the handler of handle.
func (a *API) adapt(body httpx.Body, fn func(http.ResponseWriter, *http.Request) error) http.Handler {
	fail := func(w http.ResponseWriter, r *http.Request, err error) { httpx.WriteProblem(w, r, a.log, err) }
	return httpx.LimitBody(body, fail, httpx.AuthenticateAPI(a.svc, fail, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := httpx.CheckCSRF(r)
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			fail(w, r, err)
		}
	})))
}
