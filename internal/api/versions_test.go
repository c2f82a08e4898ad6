package api_test

import (
	"net/http"
	"slices"
	"testing"

	"console/internal/apptest"
)

// TestGroupLostUpdate is the reported case: a group copy read before
// another administrator removed a permission must not grant it back when
// only its description is saved.
func TestGroupLostUpdate(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, alice := admin(t, app, "acme")
		bob := app.Client(t)
		bob.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		alice.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:publish"}).ExpectStatus(t, http.StatusCreated)
		g := createGroup(t, alice, "Editors", "content:publish", "users:read")
		path := "/api/v1/groups/" + g.ID

		read := alice.Do("GET", path, nil).ExpectStatus(t, http.StatusOK)
		etag := read.Header.Get("ETag")
		var copy groupOut
		read.JSON(t, &copy)
		bob.PatchCurrent(path, map[string]any{"permissions": []string{"users:read"}}).ExpectStatus(t, http.StatusOK)

		// Alice saves her copy: the whole permission set, a new description.
		stale := map[string]any{"description": "Publishes", "permissions": copy.Permissions}
		wantProblem(t, alice.Do("PATCH", path, stale, "If-Match", etag), http.StatusPreconditionFailed)
		wantProblem(t, alice.Do("PATCH", path, stale), http.StatusPreconditionFailed)
		wantProblem(t, alice.Do("PATCH", path, stale, "If-Match", "*"), http.StatusPreconditionFailed)
		var now groupOut
		alice.Do("GET", path, nil).JSON(t, &now)
		if slices.Contains(now.Permissions, "content:publish") {
			t.Fatalf("a stale write granted the permission back: %v", now.Permissions)
		}
		// Read again, then the same change goes through, and moves the ETag.
		r := alice.PatchCurrent(path, map[string]any{"description": "Publishes"}).ExpectStatus(t, http.StatusOK)
		if r.Header.Get("ETag") == "" || r.Header.Get("ETag") == etag {
			t.Errorf("ETag after the change: %q (before %q)", r.Header.Get("ETag"), etag)
		}
		// Members alone are added one by one: no copy to be stale.
		alice.Do("PATCH", path, map[string]any{"add_members": []string{acme.Created.Admin.ID}}).ExpectStatus(t, http.StatusOK)
		// A delete may name the version it saw; a stale one is refused.
		wantProblem(t, alice.Do("DELETE", path, nil, "If-Match", etag), http.StatusPreconditionFailed)
		alice.Do("DELETE", path, nil, "If-Match", alice.Do("GET", path, nil).Header.Get("ETag")).ExpectStatus(t, http.StatusNoContent)
	})
}

// TestDeletingPermissionStalesGroups: removing an organization permission
// strips it from every group, which makes each such group's copies stale;
// permissions themselves are versioned too.
func TestDeletingPermissionStalesGroups(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		created := adm.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit"}).ExpectStatus(t, http.StatusCreated)
		v1 := created.Header.Get("ETag")
		g := createGroup(t, adm, "Editors", "content:edit")
		before := adm.Do("GET", "/api/v1/groups/"+g.ID, nil).Header.Get("ETag")

		adm.Do("PATCH", "/api/v1/permissions/content:edit", map[string]string{"description": "Edit pages"}, "If-Match", v1).ExpectStatus(t, http.StatusOK)
		wantProblem(t, adm.Do("PATCH", "/api/v1/permissions/content:edit", map[string]string{"description": "Edit"}, "If-Match", v1), http.StatusPreconditionFailed)
		wantProblem(t, adm.Do("PATCH", "/api/v1/permissions/content:edit", map[string]string{"description": "Edit"}), http.StatusPreconditionFailed)
		wantProblem(t, adm.Do("DELETE", "/api/v1/permissions/content:edit", nil, "If-Match", v1), http.StatusPreconditionFailed)
		adm.Do("DELETE", "/api/v1/permissions/content:edit", nil, "If-Match", `"2"`).ExpectStatus(t, http.StatusNoContent)
		// Deleted once, it is gone: a retry (a double click) is not found,
		// not forbidden.
		wantProblem(t, adm.Do("DELETE", "/api/v1/permissions/content:edit", nil), http.StatusNotFound)
		wantProblem(t, adm.Do("DELETE", "/api/v1/permissions/never:defined", nil), http.StatusNotFound)

		wantProblem(t, adm.Do("PATCH", "/api/v1/groups/"+g.ID, map[string]any{"name": "Writers"}, "If-Match", before), http.StatusPreconditionFailed)
	})
}

// TestUserLostUpdate: the same for users, whose PATCH always needed
// If-Match.
func TestUserLostUpdate(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		path := "/api/v1/users/" + acme.Created.Admin.ID
		etag := adm.Do("GET", path, nil).Header.Get("ETag")
		adm.PatchCurrent(path, map[string]any{"name": "Ada"}).ExpectStatus(t, http.StatusOK)
		wantProblem(t, adm.Do("PATCH", path, map[string]any{"name": "Bea"}, "If-Match", etag), http.StatusPreconditionFailed)
		wantProblem(t, adm.Do("PATCH", path, map[string]any{"name": "Bea"}), http.StatusPreconditionFailed)
		wantProblem(t, adm.Do("PATCH", path, map[string]any{"name": "Bea"}, "If-Match", "yesterday"), http.StatusPreconditionFailed)
		if u := getUser(t, adm, acme.Created.Admin.ID); u.Name != "Ada" {
			t.Errorf("name %q after stale writes", u.Name)
		}
	})
}

// TestMembershipMovesUserVersion: taking a user out of a group (or
// deleting the group) changes the user, so a copy of the user read before
// cannot put the group back.
func TestMembershipMovesUserVersion(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		path := "/api/v1/users/" + acme.Created.Admin.ID
		g := createGroup(t, adm, "Readers", "users:read")
		addMember(t, adm, g.ID, acme.Created.Admin.ID).ExpectStatus(t, http.StatusOK)
		for round, remove := range []func(){
			func() {
				adm.Do("PATCH", "/api/v1/groups/"+g.ID, map[string]any{"remove_members": []string{acme.Created.Admin.ID}}).ExpectStatus(t, http.StatusOK)
			},
			func() { adm.Do("DELETE", "/api/v1/groups/"+g.ID, nil).ExpectStatus(t, http.StatusNoContent) },
		} {
			read := adm.Do("GET", path, nil)
			var copy struct {
				Groups []struct {
					ID string `json:"id"`
				} `json:"groups"`
			}
			read.JSON(t, &copy)
			remove()
			stale := map[string]any{"name": "Ada"}
			if round == 0 { // the copy's groups, Readers among them
				ids := []string{}
				for _, cg := range copy.Groups {
					ids = append(ids, cg.ID)
				}
				stale["groups"] = ids
			} // after a deletion they name a group that is gone: a refusal of its own (422)
			wantProblem(t, adm.Do("PATCH", path, stale, "If-Match", read.Header.Get("ETag")), http.StatusPreconditionFailed)
			if round == 0 {
				addMember(t, adm, g.ID, acme.Created.Admin.ID).ExpectStatus(t, http.StatusOK)
			}
		}
		// A stale delete of a user is refused too.
		u := addUser(t, app, acme.Created.Org.ID, "old@acme.test", "inactive", "an old passphrase")
		wantProblem(t, adm.Do("DELETE", "/api/v1/users/"+u.ID, map[string]string{"confirm_email": "old@acme.test"}, "If-Match", `"7"`), http.StatusPreconditionFailed)
		adm.Do("DELETE", "/api/v1/users/"+u.ID, map[string]string{"confirm_email": "old@acme.test"}, "If-Match", `"1"`).ExpectStatus(t, http.StatusOK)
	})
}
