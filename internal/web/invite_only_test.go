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

// TestInviteOnlyRole: someone whose only permission is users:invite can
// invite in the UI as in the API: the navigation offers the form, the form
// lists the groups, and an invitation sent returns to the form (the users
// list is not theirs to read).
func TestInviteOnlyRole(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.createGroup(t, "Recruiters", "users:invite")
		wantRedirect(t, adm.post("/users/invite", url.Values{"email": {"rita@acme.test"}, "groups": {"Recruiters"}}), "/users")
		rita := activate(t, app, smtp, "rita@acme.test", 1)

		wantRedirect(t, rita.Do("GET", "/", nil), "/users/invite")
		form := rita.page(t, "/users/invite", http.StatusOK)
		if form.Find(`nav a[href="/users/invite"]`).Length() != 1 || form.Find(`nav a[href="/users"]`).Length() != 0 {
			t.Errorf("the navigation does not offer exactly the invitation form:\n%s", form.Find("nav").Text())
		}
		if n := form.Find(`main a[href="/users"]`).Length(); n != 0 {
			t.Errorf("the form links %d times to the users list, which Rita may not open", n)
		}
		if !strings.Contains(form.Find("form").Text(), "Recruiters") {
			t.Errorf("the form lists no groups:\n%s", form.Find("form").Text())
		}
		wantRedirect(t, rita.post("/users/invite", url.Values{"email": {"sam@acme.test"}}), "/users/invite")
		if got := flashText(rita.page(t, "/users/invite", http.StatusOK)); !strings.Contains(got, "Invitation sent") {
			t.Errorf("flash after inviting: %q", got)
		}
		smtp.WaitFor(t, "sam@acme.test", 1, 10*time.Second)
		rita.page(t, "/users", http.StatusForbidden)
	})
}

// TestGroupsTheActorCannotGrant: a group giving a permission the actor
// lacks is offered disabled with the reason, on the invitation form and
// the edit form, rather than refused after submit; the reason is the
// service's own.
func TestGroupsTheActorCannotGrant(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "uma@acme.test", "User Managers")
		uma := activate(t, app, smtp, "uma@acme.test", 1)
		adm.invite(t, "pat@acme.test")
		pat := adm.userID(t, "pat@acme.test")

		for _, path := range []string{"/users/invite", "/users/" + pat + "/edit"} {
			d := uma.page(t, path, http.StatusOK)
			admins := d.Find(`label.check:contains("Administrators") input[name=groups]`)
			managers := d.Find(`label.check:contains("User Managers") input[name=groups]`)
			if _, off := admins.Attr("disabled"); !off {
				t.Errorf("%s: Administrators is offered to a User Manager", path)
			}
			if _, off := managers.Attr("disabled"); off {
				t.Errorf("%s: User Managers is disabled for its own member", path)
			}
			why, _ := admins.Attr("aria-describedby")
			if got := d.Find("#" + why).Text(); !strings.Contains(got, "which you do not hold") {
				t.Errorf("%s: the reason given is %q", path, got)
			}
		}
		// What the form disables, the service refuses: the same rule.
		r := uma.post("/users/invite", url.Values{"email": {"sly@acme.test"}, "groups": {"Administrators"}})
		if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a forged post granting Administrators: %d", r.StatusCode)
		}
	})
}

// TestInviterWithoutOutbox: with no mail server, someone who may invite but
// not open the Outbox is told who can send the link on, not offered a link
// to a page they may not open.
func TestInviterWithoutOutbox(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.createGroup(t, "Recruiters", "users:invite")
		adm.invite(t, "rita@acme.test", "Recruiters")
		var link string
		adm.waitOutbox(t, 1).Find(`.mail-links a[href*="/activate?token="]`).Each(func(_ int, a *goquery.Selection) { link, _ = a.Attr("href") })
		_, token, _ := strings.Cut(link, "?token=")
		c := app.Client(t)
		wantRedirect(t, c.Do("POST", "/activate", url.Values{"token": {token}, "name": {"Rita"}, "password": {"rita's long passphrase"}}.Encode()), "/")
		rita := signInAs(t, app, "acme", "rita@acme.test", "rita's long passphrase")

		wantRedirect(t, rita.post("/users/invite", url.Values{"email": {"sam@acme.test"}}), "/users/invite")
		d := rita.page(t, "/users/invite", http.StatusOK)
		if got := d.Find("#flash-outbox"); got.Is("a") || !strings.Contains(got.Text(), "administrator") {
			t.Errorf("the flash offers %q (a link: %v)", got.Text(), got.Is("a"))
		}
	})
}
