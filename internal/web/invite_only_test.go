package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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
