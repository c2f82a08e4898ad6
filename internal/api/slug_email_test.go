package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestEmailsGiveTheSlug: the invitation and the reset email, as delivered
// over SMTP, name the company slug and link to the sign-in page with it
// filled in, so that a person who signs out can sign in again.
func TestEmailsGiveTheSlug(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme-eu")
		invite(t, adm, "pat@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "pat@acme.test", 1, "/activate")), "Pat", "pat's long passphrase").
			ExpectStatus(t, http.StatusOK)
		app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme-eu", "email": "pat@acme.test"}).
			ExpectStatus(t, http.StatusAccepted)
		msgs := smtp.WaitFor(t, "pat@acme.test", 2, 10*time.Second)
		for i, m := range msgs {
			if l := m.Link(app.URL + "/login?org=acme-eu"); l == "" {
				t.Errorf("email %d (%s) has no sign-in link with the slug:\n%s", i+1, m.Subject, m.Text)
			}
			if !strings.Contains(m.Text, `company slug "acme-eu"`) {
				t.Errorf("email %d (%s) does not name the slug:\n%s", i+1, m.Subject, m.Text)
			}
		}
	})
}
