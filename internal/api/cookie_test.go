package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/httpx"
	"console/internal/mailtest"
)

// TestHostPrefixOverHTTPS: over HTTPS (here, as a trusted proxy reports
// it) the session cookie is __Host-console_session, Secure, Path=/ with no
// Domain; only that name is read there, so a cookie planted without the
// prefix (by a sibling subdomain or a plain-HTTP page) is ignored.
func TestHostPrefixOverHTTPS(t *testing.T) {
	apptest.EachEngineBehindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		https := []string{"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7"}
		r := app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword}, https...)
		r.ExpectStatus(t, http.StatusOK)
		var token string
		for _, c := range r.Cookies() {
			if c.Name == httpx.SecureSessionCookie && c.Secure && c.HttpOnly && c.Path == "/" && c.Domain == "" {
				token = c.Value
			}
		}
		if token == "" {
			t.Fatalf("no __Host- session cookie: %v", r.Header.Values("Set-Cookie"))
		}
		me := func(cookie string) int {
			return app.Client(t).Do("GET", "/api/v1/me", nil, append(https, "Cookie", cookie)...).StatusCode
		}
		if got := me(httpx.SecureSessionCookie + "=" + token); got != http.StatusOK {
			t.Errorf("prefixed cookie over HTTPS: %d", got)
		}
		if got := me(httpx.SessionCookie + "=" + token); got != http.StatusUnauthorized {
			t.Errorf("unprefixed cookie over HTTPS: %d, want it ignored", got)
		}
	})
}
