package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"console/internal/apptest"
)

// TestGroupFormLostUpdate is the reported case in the browser's terms: a
// group form opened before another administrator removed a permission
// does not grant it back when saved with only the description edited; the
// form comes back saying why, and a permission deleted meanwhile makes the
// form stale too.
func TestGroupFormLostUpdate(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		alice, bob := adminBrowser(t, app, acme), adminBrowser(t, app, acme)
		alice.createPermission(t, "content:publish")
		id := alice.createGroup(t, "Editors", "content:publish", "users:read")

		form := alice.page(t, "/groups/"+id+"/edit", http.StatusOK)
		version := formVersion(t, form)
		wantRedirect(t, bob.post("/groups/"+id+"/edit", url.Values{"name": {"Editors"}, "permissions": {"users:read"},
			"version": {formVersion(t, bob.page(t, "/groups/"+id+"/edit", http.StatusOK))}}), "/groups/"+id)

		stale := url.Values{"name": {"Editors"}, "description": {"Publishes the site"}, "permissions": {"content:publish", "users:read"}, "version": {version}}
		r := alice.post("/groups/"+id+"/edit", stale)
		if r.StatusCode != http.StatusPreconditionFailed {
			t.Fatalf("stale form: %d", r.StatusCode)
		}
		if d := doc(t, r); !strings.Contains(flashText(d), "Someone else changed this group") || d.Find("textarea#description").Text() != "Publishes the site" {
			t.Errorf("stale form page: flash %q, description %q", flashText(d), d.Find("textarea#description").Text())
		}
		if strings.Contains(alice.page(t, "/groups/"+id, http.StatusOK).Find("#permissions").Text(), "content:publish") {
			t.Fatalf("a stale form granted the permission back")
		}
		stale.Del("version")
		if r := alice.post("/groups/"+id+"/edit", stale); r.StatusCode != http.StatusPreconditionFailed {
			t.Errorf("form without a version: %d", r.StatusCode)
		}

		// Deleting a permission stales the forms of the groups holding it.
		wantRedirect(t, alice.post("/groups/"+id+"/edit", url.Values{"name": {"Editors"}, "permissions": {"content:publish", "users:read"},
			"version": {formVersion(t, alice.page(t, "/groups/"+id+"/edit", http.StatusOK))}}), "/groups/"+id)
		form = alice.page(t, "/groups/"+id+"/edit", http.StatusOK)
		version = formVersion(t, form)
		pv := formVersion(t, bob.page(t, "/permissions/delete?name=content:publish", http.StatusOK))
		if !permissionCheck(form, "content:publish").Is("[checked]") {
			t.Fatalf("the permission is not on the group any more")
		}
		if r := bob.post("/permissions/delete", url.Values{"name": {"content:publish"}, "version": {pv}, "confirmed": {"yes"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete permission: %d", r.StatusCode)
		}
		if r := alice.post("/groups/"+id+"/edit", url.Values{"name": {"Editors"}, "permissions": {"users:read"}, "version": {version}}); r.StatusCode != http.StatusPreconditionFailed {
			t.Errorf("form from before the permission went: %d", r.StatusCode)
		}
	})
}
