package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestLoginPageThrottled: after too many wrong passwords the sign-in page
// answers 429 saying how long to wait, in words that are the same for an
// account that exists and one that does not.
func TestLoginPageThrottled(t *testing.T) {
	apptest.EachEngineBehindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		app.Clock.Freeze()
		acme := app.CreateOrg(t, "acme")
		texts := map[string]string{}
		for i, email := range []string{acme.AdminEmail, "ghost@acme.test"} {
			var last *apptest.Response
			for range 6 {
				form := url.Values{"org": {"acme"}, "email": {email}, "password": {"not it"}}
				last = app.Client(t).From("198.51.100."+string(rune('1'+i))).Do("POST", "/login", form.Encode())
			}
			if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") != "15" {
				t.Fatalf("sixth wrong password for %s: %d, Retry-After %q", email, last.StatusCode, last.Header.Get("Retry-After"))
			}
			d := doc(t, last)
			texts[email] = flashText(d)
			if v, _ := d.Find("input#email").Attr("value"); v != email {
				t.Errorf("the email typed is not kept: %q", v)
			}
		}
		if got := texts[acme.AdminEmail]; got != "Too many attempts. Try again in 15 seconds." || texts["ghost@acme.test"] != got {
			t.Errorf("throttled pages say %q", texts)
		}
	})
}
