package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestInviteAsksAboutLookalikes: an address that mixes writing systems is
// shown again with a warning and invited only once the administrator sends
// that same address again; changing it asks again.
func TestInviteAsksAboutLookalikes(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		lookalike, other := "pаypal@acme.test", "pаypal.billing@acme.test" // Cyrillic а
		r := adm.post("/users/invite", url.Values{"email": {lookalike}, "message": {"Hello"}})
		d := doc(t, r)
		warning := d.Find("#email-warning").Text()
		if r.StatusCode != http.StatusOK || !strings.Contains(warning, "Cyrillic and Latin") {
			t.Fatalf("lookalike address: %d, warning %q", r.StatusCode, warning)
		}
		confirm, _ := d.Find(`input[type=hidden][name=confirm_email]`).Attr("value")
		if v, _ := d.Find("input#email").Attr("value"); v != lookalike || confirm != lookalike ||
			strings.TrimSpace(d.Find(`form[action="/users/invite"] button[type=submit]`).Text()) != "Invite anyway" || d.Find("textarea#message").Text() != "Hello" {
			t.Errorf("warned form: email %q, confirm %q, button %q", v, confirm, d.Find(`form[action="/users/invite"] button[type=submit]`).Text())
		}
		if strings.Contains(adm.page(t, "/users", http.StatusOK).Text(), lookalike) {
			t.Fatalf("%s invited before the administrator confirmed", lookalike)
		}

		r = adm.post("/users/invite", url.Values{"email": {other}, "confirm_email": {lookalike}})
		if d := doc(t, r); r.StatusCode != http.StatusOK || d.Find("#email-warning").Length() != 1 {
			t.Fatalf("a changed address was not asked about again: %d", r.StatusCode)
		}
		wantRedirect(t, adm.post("/users/invite", url.Values{"email": {lookalike}, "confirm_email": {lookalike}}), "/users")
		row(t, adm.page(t, "/users", http.StatusOK), lookalike)
		wantRedirect(t, adm.post("/users/invite", url.Values{"email": {"plain@acme.test"}}), "/users")
	})
}

// TestInviteFormOneMailbox: the form refuses another spelling of an
// invited mailbox as it refuses the same spelling.
func TestInviteFormOneMailbox(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		adm.invite(t, "josé@bücher.example")
		r := adm.post("/users/invite", url.Values{"email": {"JOSE\u0301@xn--bcher-kva.example"}})
		d := doc(t, r)
		if r.StatusCode != http.StatusConflict || !strings.Contains(d.Find("#email-error").Text(), "Already a user") {
			t.Errorf("another spelling: %d %q", r.StatusCode, d.Find("#email-error").Text())
		}
		row(t, adm.page(t, "/users", http.StatusOK), "josé@bücher.example")
	})
}
