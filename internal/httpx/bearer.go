package httpx

import (
	"context"
	"net/http"
	"strings"

	"console/internal/console"
	"console/internal/service"
)

// AuthenticateAPI is Authenticate for the JSON API, which also takes API
// tokens: a request with an Authorization header is authenticated by
// that header alone ("Bearer <token>", RFC 6750 §2.1), never by the
// cookie it may also carry, and needs no CSRF token (a browser never
// adds the header by itself). A header that is not a live token is
// answered 401 with a WWW-Authenticate challenge (RFC 6750 §3) and the
// reason, before any handler runs; other requests go to Authenticate.
func AuthenticateAPI(svc *service.Service, fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	cookie := Authenticate(svc, fail, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			cookie.ServeHTTP(w, r)
			return
		}
		scheme, secret, _ := strings.Cut(strings.TrimSpace(h), " ")
		var actor *console.Actor
		var err error = errNotBearer
		if len(r.Header.Values("Authorization")) > 1 {
			err = errTwoAuthorizations
		} else if strings.EqualFold(scheme, "Bearer") {
			actor, err = svc.AuthenticateToken(r.Context(), strings.TrimSpace(secret), ClientFrom(r))
		}
		if err != nil {
			if console.KindOf(err) == console.KindUnauthenticated {
				w.Header().Set("WWW-Authenticate", `Bearer realm="console", error="invalid_token"`)
			}
			fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), authKey, &Auth{Actor: actor})))
	})
}

var errTwoAuthorizations = &console.Error{Kind: console.KindUnauthenticated,
	Message: "Send one Authorization header; this request had several."}

var errNotBearer = &console.Error{Kind: console.KindUnauthenticated,
	Message: `Send an API token as "Authorization: Bearer <token>"; no other scheme is accepted.`}
