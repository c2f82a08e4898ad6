package api_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

func TestForgotPassword(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme, adm := admin(t, app, "acme")
		anon := app.Client(t)
		known := anon.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": acme.AdminEmail})
		unknown := anon.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": "nobody@acme.test"})
		otherOrg := anon.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "nowhere", "email": acme.AdminEmail})
		for _, r := range []*apptest.Response{known, unknown, otherOrg} {
			r.ExpectStatus(t, http.StatusAccepted)
			if !bytes.Equal(r.Answer(), known.Answer()) {
				t.Errorf("answers differ: %s vs %s", r.Body, known.Body)
			}
		}
		reset := link(t, app, smtp, acme.AdminEmail, 1, "/reset-password")
		time.Sleep(200 * time.Millisecond)
		if n := len(smtp.Messages()); n != 1 {
			t.Fatalf("%d emails sent, want only the one to the existing account", n)
		}

		p := wantProblem(t, anon.Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "short"}), http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "password" {
			t.Errorf("weak password: %+v", p)
		}
		anon.Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "my brand new passphrase"}).ExpectStatus(t, http.StatusOK)
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "another new passphrase"}), http.StatusNotFound)

		// The reset ended the sessions the user had; the new one works.
		wantProblem(t, adm.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
		anon.Do("GET", "/api/v1/me", nil).ExpectStatus(t, http.StatusOK)
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword}), http.StatusUnauthorized)
		app.Client(t).SignIn("acme", acme.AdminEmail, "my brand new passphrase")
	})
}

func TestResetLinkExpiresAndIsRateLimited(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme, adm := admin(t, app, "acme")
		adm.Do("POST", "/api/v1/users/"+acme.Created.Admin.ID+"/password-reset", nil).ExpectStatus(t, http.StatusAccepted)
		reset := link(t, app, smtp, acme.AdminEmail, 1, "/reset-password")
		app.Clock.Advance(time.Hour + time.Second)
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "my brand new passphrase"}), http.StatusNotFound)

		anon := app.Client(t)
		for i := range 6 {
			r := anon.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": "whoever@acme.test"})
			if want := http.StatusAccepted; i == 5 {
				wantProblem(t, r, http.StatusTooManyRequests)
			} else {
				r.ExpectStatus(t, want)
			}
		}
	})
}
