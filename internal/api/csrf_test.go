package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
)

// TestCSRF checks that an unsafe request riding on the session cookie needs
// the session's CSRF token, and that browsers' cross-site requests are
// refused before reaching any handler.
func TestCSRF(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		token := c.CSRF

		c.CSRF = ""
		wantProblem(t, c.Do("DELETE", "/api/v1/session", nil), http.StatusForbidden)
		c.CSRF = "wrong" + token
		wantProblem(t, c.Do("DELETE", "/api/v1/session", nil), http.StatusForbidden)

		// Another user's token does not fit this session.
		other := app.Client(t)
		other.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		c.CSRF = other.CSRF
		wantProblem(t, c.Do("DELETE", "/api/v1/session", nil), http.StatusForbidden)

		// A browser's cross-site request is refused even with the token.
		c.CSRF = token
		crossSite := c.Do("DELETE", "/api/v1/session", nil, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		wantProblem(t, crossSite, http.StatusForbidden)

		// The web sign-out form needs the token as a form field.
		c.CSRF = ""
		r := c.Do("POST", "/logout", "")
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("sign-out form without token: %d", r.StatusCode)
		}
		if r := c.Do("GET", "/api/v1/me", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("session ended by refused requests: %d", r.StatusCode)
		}
		if r := c.Do("POST", "/logout", "csrf="+token); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-out form with token: %d %s", r.StatusCode, r.Body)
		}
		wantProblem(t, c.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	})
}
