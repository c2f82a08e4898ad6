package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// signInAs signs a new browser in as email through the sign-in form.
func signInAs(t *testing.T, app *apptest.App, org, email, password string) *browser {
	t.Helper()
	c := app.Client(t)
	r := c.Do("POST", "/login", url.Values{"org": {org}, "email": {email}, "password": {password}}.Encode())
	wantRedirect(t, r, "/")
	csrf, _ := doc(t, c.Do("GET", "/account", nil)).Find(`form[action="/logout"] input[name=csrf]`).Attr("value")
	return &browser{Client: c, csrf: csrf}
}

// TestMyAccount: a person whose only group gives an application
// permission lands on My account, never on a page they may not open; the
// navigation offers nothing else; the page shows their profile, groups,
// permissions and sessions; they change their password (which signs their
// other sessions out) and sign sessions out one by one or everywhere else.
func TestMyAccount(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.createPermission(t, "content:edit")
		adm.createGroup(t, "Content Editors", "content:edit")
		adm.invite(t, "jane@acme.test", "Content Editors")
		jane := activate(t, app, smtp, "jane@acme.test", 1) // lands on "/"

		wantRedirect(t, jane.Do("GET", "/", nil), "/account")
		d := jane.page(t, "/account", http.StatusOK)
		var nav []string
		d.Find("nav.app-nav ul.nav a").Each(func(_ int, a *goquery.Selection) { nav = append(nav, a.Text()) })
		if strings.Join(nav, ",") != "My account" {
			t.Errorf("navigation offers %q, want only My account", nav)
		}
		if got := d.Find("#profile").Text(); !strings.Contains(got, "jane@acme.test") || !strings.Contains(got, "Jane Doe") || !strings.Contains(got, "acme") {
			t.Errorf("profile: %q", got)
		}
		if !strings.Contains(d.Find("#groups").Text(), "Content Editors") || d.Find(`#permissions tr[data-permission="content:edit"]`).Length() != 1 {
			t.Errorf("groups %q, permissions %q", d.Find("#groups").Text(), d.Find("#permissions").Text())
		}
		if n := d.Find("#session-list tbody tr").Length(); n != 1 || d.Find(`#session-list tr[data-current]`).Length() != 1 {
			t.Errorf("%d sessions listed, want the current one only", n)
		}
		// A forbidden page's way back leads home, which is My account.
		r := jane.Do("GET", "/users", nil)
		if back, _ := doc(t, r).Find(".error-page a.btn, main a.btn").First().Attr("href"); r.StatusCode != http.StatusForbidden || back != "/" {
			t.Errorf("GET /users: %d, way back %q", r.StatusCode, back)
		}

		const pw = "jane's long passphrase"
		phone := signInAs(t, app, "acme", "jane@acme.test", pw)
		tablet := signInAs(t, app, "acme", "jane@acme.test", pw)
		d = jane.page(t, "/account", http.StatusOK)
		if n := d.Find("#session-list tbody tr").Length(); n != 3 || d.Find("#end-others").Length() != 1 {
			t.Fatalf("%d sessions listed, want 3, with \"everywhere else\"", n)
		}
		var phoneID string
		d.Find("#session-list tbody tr:not([data-current])").First().Each(func(_ int, s *goquery.Selection) { phoneID, _ = s.Attr("data-session") })

		// Changing the password: both fields are checked in one round, the
		// current password is required, and the others are signed out.
		r = jane.post("/account/password", url.Values{"current_password": {"wrong guess"}, "new_password": {"short"}})
		if d := doc(t, r); r.StatusCode != http.StatusUnprocessableEntity || d.Find("#new_password-error").Length() != 1 || d.Find("#current_password-error").Length() != 1 {
			t.Errorf("wrong current and weak new password: %d, not both fields reported", r.StatusCode)
		}
		r = jane.post("/account/password", url.Values{"current_password": {""}, "new_password": {"short"}})
		if d := doc(t, r); r.StatusCode != http.StatusUnprocessableEntity || d.Find("#new_password-error").Length() != 1 || d.Find("#current_password-error").Length() != 1 {
			t.Errorf("empty current and weak new password: %d, not both fields reported", r.StatusCode)
		}
		r = jane.post("/account/password", url.Values{"current_password": {pw}, "new_password": {pw}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc(t, r).Find("#new_password-error").Text(), "other than") {
			t.Errorf("the same password again: %d", r.StatusCode)
		}
		r = jane.post("/account/password", url.Values{"current_password": {"wrong guess"}, "new_password": {"a brand new passphrase"}})
		if r.StatusCode != http.StatusUnprocessableEntity || doc(t, r).Find("#current_password-error").Length() != 1 {
			t.Errorf("wrong current password: %d", r.StatusCode)
		}
		if phone.Do("GET", "/account", nil).StatusCode != http.StatusOK {
			t.Fatal("a refused password change signed a session out")
		}
		wantRedirect(t, jane.post("/account/password", url.Values{"current_password": {pw}, "new_password": {"a brand new passphrase"}}), "/account")
		if got := flashText(jane.page(t, "/account", http.StatusOK)); !strings.Contains(got, "password is changed") {
			t.Errorf("flash %q", got)
		}
		for _, other := range []*browser{phone, tablet} {
			if r := other.Do("GET", "/account", nil); r.StatusCode != http.StatusSeeOther {
				t.Errorf("another session after a password change: %d", r.StatusCode)
			}
		}

		// One session out, then every other.
		phone = signInAs(t, app, "acme", "jane@acme.test", "a brand new passphrase")
		tablet = signInAs(t, app, "acme", "jane@acme.test", "a brand new passphrase")
		phoneID = ""
		jane.page(t, "/account", http.StatusOK).Find("#session-list tbody tr:not([data-current])").First().Each(func(_ int, s *goquery.Selection) { phoneID, _ = s.Attr("data-session") })
		wantRedirect(t, jane.post("/account/sessions/"+phoneID+"/end", url.Values{}), "/account")
		alive := func(b *browser) bool { return b.Do("GET", "/account", nil).StatusCode == http.StatusOK }
		if n := jane.page(t, "/account", http.StatusOK).Find("#session-list tbody tr").Length(); n != 2 || alive(phone) == alive(tablet) {
			t.Errorf("after ending one: %d listed, phone %v, tablet %v", n, alive(phone), alive(tablet))
		}
		// Another person's session is not found, and stays.
		admSession := ""
		adm.page(t, "/account", http.StatusOK).Find("#session-list tr[data-current]").Each(func(_ int, s *goquery.Selection) { admSession, _ = s.Attr("data-session") })
		jane.post("/account/sessions/"+admSession+"/end", url.Values{}).ExpectStatus(t, http.StatusNotFound)
		if !alive(adm) {
			t.Error("one person ended another's session")
		}
		wantRedirect(t, jane.post("/account/sessions/end-others", url.Values{}), "/account")
		if alive(phone) || alive(tablet) || !alive(jane) {
			t.Errorf("everywhere else: phone %v, tablet %v, jane %v", alive(phone), alive(tablet), alive(jane))
		}
		// Signing this session out from the list is signing out.
		cur := ""
		jane.page(t, "/account", http.StatusOK).Find("#session-list tr[data-current]").Each(func(_ int, s *goquery.Selection) { cur, _ = s.Attr("data-session") })
		wantRedirect(t, jane.post("/account/sessions/"+cur+"/end", url.Values{}), "/login")
		if alive(jane) {
			t.Error("this session survived signing it out")
		}
	})
}

// TestLinksOpenedWhileSignedIn: an administrator who opens an invitation
// or a reset link in their own signed-in browser is told whose session
// the form replaces, and the form works (it carries the CSRF token of the
// session it was shown in).
func TestLinksOpenedWhileSignedIn(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "kim@acme.test")
		link := smtp.WaitFor(t, "kim@acme.test", 1, 10*time.Second)[0].Link(app.URL + "/activate?token=")
		d := adm.page(t, strings.TrimPrefix(link, app.URL), http.StatusOK)
		if !strings.Contains(d.Find("#signed-in-as").Text(), acme.AdminEmail) {
			t.Errorf("the activation form does not say who is signed in: %q", d.Find("#signed-in-as").Text())
		}
		_, token, _ := strings.Cut(link, "?token=")
		wantRedirect(t, adm.post("/activate", url.Values{"token": {token}, "name": {"Kim"}, "password": {"kim's long passphrase"}}), "/")

		// The browser is Kim's now; the administrator signs in again and
		// opens a reset link of theirs.
		adm = adminBrowser(t, app, acme)
		adm.post("/forgot-password", url.Values{"org": {"acme"}, "email": {acme.AdminEmail}})
		reset := smtp.WaitFor(t, acme.AdminEmail, 1, 10*time.Second)[0].Link(app.URL + "/reset-password?token=")
		d = adm.page(t, strings.TrimPrefix(reset, app.URL), http.StatusOK)
		if d.Find("#signed-in-as").Length() != 1 {
			t.Error("the reset form does not say who is signed in")
		}
		_, token, _ = strings.Cut(reset, "?token=")
		wantRedirect(t, adm.post("/reset-password", url.Values{"token": {token}, "password": {"a brand new passphrase"}}), "/")
	})
}
