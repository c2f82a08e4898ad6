package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
	"console/internal/password"
)

// TestSignInWhileHashersBusy: with every password hasher taken and the
// queue full, a sign-in is answered 503 with Retry-After, alike for an
// account that exists and one that does not, and counts no failure
// against the account or the address: once hashers are free, the right
// password works at once, however many busy answers came before.
func TestSignInWhileHashersBusy(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		release := password.HoldHashers()
		defer func() {
			if release != nil {
				release()
			}
		}()
		for range 12 { // more than the account throttle allows
			for _, email := range []string{acme.AdminEmail, "nobody@acme.test"} {
				r := app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": email, "password": "a guess"})
				p := wantProblem(t, r, http.StatusServiceUnavailable)
				if r.Header.Get("Retry-After") != "1" || p.Detail != "Console is busy checking passwords. Try again in a second." {
					t.Fatalf("busy answer for %s: Retry-After %q, %+v", email, r.Header.Get("Retry-After"), p)
				}
			}
		}
		release()
		release = nil
		app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword}).
			ExpectStatus(t, http.StatusOK)
	})
}
