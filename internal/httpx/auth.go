package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"

	"console/internal/console"
	"console/internal/service"
)

// SessionCookie is the name of the cookie holding the session token over
// plain HTTP (development, or a loopback address).
const SessionCookie = "console_session"

// SecureSessionCookie is its name over HTTPS: the __Host- prefix makes
// browsers accept it only when Secure, for Path=/ and without Domain, so
// no sibling subdomain or plain-HTTP page can plant or shadow it
// (RFC 6265bis §4.1.3.2; OWASP ASVS 5.0 V3.3.1).
const SecureSessionCookie = "__Host-" + SessionCookie

// sessionCookieName is the session cookie's name for r's scheme; over
// HTTPS only the prefixed cookie is read, so one planted without the
// prefix is ignored.
func sessionCookieName(r *http.Request) string {
	if IsHTTPS(r) {
		return SecureSessionCookie
	}
	return SessionCookie
}

// CSRFHeader carries the session's CSRF token on unsafe API requests made
// with the session cookie.
const CSRFHeader = "X-CSRF-Token"

type ctxKey int

const authKey ctxKey = iota

// Auth is what the authentication middleware learned about a request.
type Auth struct {
	Actor *console.Actor
	// SessionToken is set when the actor came from the session cookie; pages
	// derive their CSRF token from it.
	SessionToken string
}

// AuthFrom returns the request's authentication; its Actor is nil for an
// anonymous request.
func AuthFrom(ctx context.Context) *Auth {
	if a, ok := ctx.Value(authKey).(*Auth); ok {
		return a
	}
	return &Auth{}
}

// ActorFrom returns the request's actor, or nil.
func ActorFrom(ctx context.Context) *console.Actor { return AuthFrom(ctx).Actor }

// CSRF returns the token forms and scripts must send back, or "".
func (a *Auth) CSRF() string {
	if a.SessionToken == "" {
		return ""
	}
	return service.CSRFToken(a.SessionToken)
}

// Authenticate resolves the session cookie into an Actor for every request.
// It never refuses a request for being anonymous: handlers that need an
// actor get console.ErrUnauthenticated from the service. Other errors
// (the database does not answer) are answered by fail, in the face's form.
func Authenticate(svc *service.Service, fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := &Auth{}
		if c, err := r.Cookie(sessionCookieName(r)); err == nil && c.Value != "" {
			actor, err := svc.Authenticate(r.Context(), c.Value, ClientFrom(r))
			if err == nil {
				auth.Actor, auth.SessionToken = actor, c.Value
			} else if console.KindOf(err) == console.KindUnauthenticated {
				ClearSessionCookie(w, r)
			} else {
				fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), authKey, auth)))
	})
}

// ClientFrom describes the request's origin for audit and sign-in records.
// The address is the TCP peer, or the client a trusted proxy forwarded
// (see TrustProxies).
func ClientFrom(r *http.Request) console.Client {
	return console.Client{IP: remoteHost(r), UserAgent: r.UserAgent()}
}

// remoteHost is the address part of r.RemoteAddr.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// SetSessionCookie hands the browser a new session token: HttpOnly,
// SameSite=Lax, and over TLS (direct or through a trusted proxy) Secure
// with the __Host- prefix.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, token string, policy console.SessionPolicy) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookieName(r), Value: token, Path: "/", HttpOnly: true,
		Secure: IsHTTPS(r), SameSite: http.SameSiteLaxMode, MaxAge: int(policy.MaxAge.Seconds())})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookieName(r), Value: "", Path: "/", HttpOnly: true,
		Secure: IsHTTPS(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// SafeMethod reports whether m cannot change state.
func SafeMethod(m string) bool {
	switch strings.ToUpper(m) {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

// CheckCSRF returns console.ErrForbidden-like error when an unsafe request
// authenticated by the session cookie lacks the session's CSRF token, given
// either in the X-CSRF-Token header or as the form field "csrf".
func CheckCSRF(r *http.Request) error {
	auth := AuthFrom(r.Context())
	if SafeMethod(r.Method) || auth.SessionToken == "" {
		return nil
	}
	token := r.Header.Get(CSRFHeader)
	if token == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		token = r.PostFormValue("csrf")
	}
	if !service.ValidCSRF(auth.SessionToken, token) {
		return ErrCSRF
	}
	return nil
}

// ErrCSRF answers a request whose CSRF proof is missing or wrong.
var ErrCSRF = &console.Error{Kind: console.KindForbidden,
	Message: "Nothing was done: the page this came from is out of date or is not one of Console's. Reload it and try again. (API clients using the session cookie send the X-CSRF-Token header.)"}

// SessionTokenFrom returns the session cookie's value, valid or not.
func SessionTokenFrom(r *http.Request) string {
	if c, err := r.Cookie(sessionCookieName(r)); err == nil {
		return c.Value
	}
	return ""
}
