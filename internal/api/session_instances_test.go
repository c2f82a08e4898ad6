package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/httpx"
	"console/internal/store/storetest"
)

// TestSessionEndsOnEveryInstance signs in on one Console process and uses
// the session on both, so each has it cached; ending it on one must refuse
// its very next request on the other.
func TestSessionEndsOnEveryInstance(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			one, two := apptest.StartOn(t, dsn), apptest.StartOn(t, dsn)
			acme, adm := admin(t, one, "acme")
			u := addUser(t, one, acme.Created.Org.ID, "u@acme.test", "active", "user's long passphrase")
			// signedIn signs u in on one and uses the session on both; the
			// function it returns sends the session's token, whatever the
			// browser did with its cookie since, to two.
			signedIn := func() (*apptest.Client, func() *apptest.Response) {
				c := one.Client(t)
				c.SignIn("acme", "u@acme.test", "user's long passphrase")
				token := c.Cookie(httpx.SessionCookie)
				onTwo := func() *apptest.Response {
					return two.Client(t).Do("GET", "/api/v1/me", nil, "Cookie", httpx.SessionCookie+"="+token)
				}
				c.Do("GET", "/api/v1/me", nil).ExpectStatus(t, http.StatusOK)
				onTwo().ExpectStatus(t, http.StatusOK)
				return c, onTwo
			}

			t.Run("sign out", func(t *testing.T) {
				c, onTwo := signedIn()
				c.Do("DELETE", "/api/v1/session", nil).ExpectStatus(t, http.StatusNoContent)
				wantProblem(t, onTwo(), http.StatusUnauthorized)
			})
			t.Run("signing in again ends the previous session", func(t *testing.T) {
				c, onTwo := signedIn()
				c.SignIn("acme", "u@acme.test", "user's long passphrase")
				wantProblem(t, onTwo(), http.StatusUnauthorized)
			})
			t.Run("swept by an instance whose clock runs ahead", func(t *testing.T) {
				c, _ := signedIn()
				two.Clock.Advance(console.DefaultSessionPolicy.IdleTimeout + time.Minute)
				if n, err := two.Server.Service.SweepSessions(context.Background()); err != nil || n == 0 {
					t.Fatalf("sweep: %d sessions, %v", n, err)
				}
				wantProblem(t, c.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
				one.Clock.Advance(console.DefaultSessionPolicy.IdleTimeout + time.Minute) // agree again
				adm.SignIn("acme", acme.AdminEmail, acme.AdminPassword)                   // swept too
			})
			t.Run("deactivation", func(t *testing.T) {
				_, onTwo := signedIn()
				adm.Do("POST", "/api/v1/users/"+u.ID+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
				wantProblem(t, onTwo(), http.StatusUnauthorized)
			})
		})
	}
}
