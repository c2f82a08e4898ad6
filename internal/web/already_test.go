package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"console/internal/apptest"
)

// TestActingTwice: what a second click, the Back button or another tab
// sends again ends on a page that says what is so, never a bare error:
// removing someone who already left a group, deleting a permission or a
// group that is gone, cancelling an invitation already cancelled.
func TestActingTwice(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		admin := adm.userID(t, acme.AdminEmail)
		admins := adm.groupPageID(t, "Administrators")

		// The only administrator: Remove is offered disabled, with why.
		d := adm.page(t, "/groups/"+admins, http.StatusOK)
		kept := d.Find(`tr[data-user-id="` + admin + `"] button[disabled]`)
		if kept.Length() != 1 || !strings.Contains(d.Find("#kept-"+admin).Text(), "last active user who can manage groups") {
			t.Errorf("the last manager's Remove: %d disabled buttons, reason %q", kept.Length(), d.Find("#kept-"+admin).Text())
		}

		// Removed twice from a group.
		group := adm.post("/groups/new", url.Values{"name": {"Editors"}})
		editors := strings.TrimPrefix(group.Header.Get("Location"), "/groups/")
		wantRedirect(t, adm.post("/groups/"+editors+"/members/add", url.Values{"user_id": {admin}}), "/groups/"+editors)
		for i, want := range []string{"removed from", "Nothing was done: Admin acme (" + acme.AdminEmail + ") is not in Editors."} {
			wantRedirect(t, adm.post("/groups/"+editors+"/members/remove", url.Values{"user_id": {admin}}), "/groups/"+editors)
			if got := flashText(adm.page(t, "/groups/"+editors, http.StatusOK)); !strings.Contains(got, want) {
				t.Errorf("removal %d: flash %q, want %q", i+1, got, want)
			}
		}

		// A permission deleted twice: 404 that says it may be deleted already.
		form := confirmedForm()
		form.Set("name", "content:edit")
		adm.post("/permissions", url.Values{"name": {"content:edit"}})
		wantRedirect(t, adm.post("/permissions/delete", form), "/permissions")
		r := adm.post("/permissions/delete", form)
		if r.StatusCode != http.StatusNotFound || !strings.Contains(doc(t, r).Text(), "deleted already") {
			t.Errorf("second deletion of a permission: %d", r.StatusCode)
		}

		// A cancelled invitation, cancelled again from the page Back shows.
		adm.post("/users/invite", url.Values{"email": {"zoe@acme.test"}})
		zoe := adm.userID(t, "zoe@acme.test")
		wantRedirect(t, adm.post("/users/"+zoe+"/cancel", confirmedForm()), "/users")
		for _, r := range []*apptest.Response{adm.Do("GET", "/users/"+zoe+"/cancel", nil), adm.post("/users/"+zoe+"/cancel", confirmedForm())} {
			if r.StatusCode != http.StatusNotFound || !strings.Contains(doc(t, r).Text(), "invitation may have been cancelled") {
				t.Errorf("%s of a cancelled invitation: %d", r.Request.Method, r.StatusCode)
			}
		}
	})
}
