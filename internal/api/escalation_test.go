package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
)

// TestNoEscalation gives a user groups:manage and nothing else, then has it
// try every way to gain or hand out more: each is refused with 403 and
// changes nothing.
func TestNoEscalation(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		orgID := acme.Created.Org.ID
		groupAdmins := createGroup(t, adm, "Group Admins", console.PermGroupsManage, console.PermUsersRead)
		u := addUser(t, app, orgID, "ga@acme.test", console.StatusActive, "ga's long passphrase")
		addMember(t, adm, groupAdmins.ID, u.ID).ExpectStatus(t, http.StatusOK)
		ga := app.Client(t)
		ga.SignIn("acme", "ga@acme.test", "ga's long passphrase")

		var all struct{ Groups []groupOut }
		adm.Do("GET", "/api/v1/groups", nil).JSON(t, &all)
		byName := map[string]groupOut{}
		for _, g := range all.Groups {
			byName[g.Name] = g
		}
		administrators := byName["Administrators"]

		refused := []struct {
			name   string
			method string
			path   string
			body   any
			status int
		}{
			{"create a group with a permission it lacks", "POST", "/api/v1/groups", map[string]any{"name": "Deleters", "permissions": []string{console.PermUsersDelete}}, http.StatusForbidden},
			{"join Administrators", "PATCH", "/api/v1/groups/" + administrators.ID, map[string]any{"add_members": []string{u.ID}}, http.StatusForbidden},
			{"add a permission it lacks to its own group", "PATCH", "/api/v1/groups/" + groupAdmins.ID, map[string]any{"permissions": []string{console.PermGroupsManage, console.PermUsersRead, console.PermSettingsManage}}, http.StatusForbidden},
			{"set its own groups without users:manage", "PATCH", "/api/v1/users/" + u.ID, map[string]any{"groups": []string{"Administrators"}}, http.StatusForbidden},
			{"mass-assign built_in", "POST", "/api/v1/groups", map[string]any{"name": "Fake", "built_in": "administrators"}, http.StatusBadRequest},
			{"mass-assign members at creation", "POST", "/api/v1/groups", map[string]any{"name": "Fake", "members": []string{u.ID}}, http.StatusBadRequest},
			{"invite someone into Administrators", "POST", "/api/v1/users/invite", map[string]any{"email": "x@acme.test", "groups": []string{"Administrators"}}, http.StatusForbidden},
			{"remove a permission it lacks from Administrators", "PATCH", "/api/v1/groups/" + administrators.ID, map[string]any{"permissions": []string{console.PermGroupsManage}}, http.StatusForbidden},
			{"delete Administrators", "DELETE", "/api/v1/groups/" + administrators.ID, nil, http.StatusConflict},
		}
		for _, r := range refused {
			got := ga.Do(r.method, r.path, r.body, "If-Match", `"2"`)
			if got.StatusCode != r.status {
				t.Errorf("%s: %d %s, want %d", r.name, got.StatusCode, got.Body, r.status)
			}
		}
		var me user
		ga.Do("GET", "/api/v1/me", nil).JSON(t, &me)
		if len(me.Groups) != 1 || len(me.Permissions) != 2 {
			t.Errorf("after refused attempts: groups %+v permissions %v", me.Groups, me.Permissions)
		}
		var after struct{ Groups []groupOut }
		adm.Do("GET", "/api/v1/groups", nil).JSON(t, &after)
		if len(after.Groups) != len(all.Groups) {
			t.Errorf("groups went from %d to %d", len(all.Groups), len(after.Groups))
		}
	})
}

// TestLastGroupManager: no change to groups may leave the organization
// without an active user who can manage groups.
func TestLastGroupManager(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		var all struct{ Groups []groupOut }
		adm.Do("GET", "/api/v1/groups", nil).JSON(t, &all)
		var administrators groupOut
		for _, g := range all.Groups {
			if g.Name == "Administrators" {
				administrators = g
			}
		}
		wantProblem(t, adm.PatchCurrent("/api/v1/groups/"+administrators.ID, map[string]any{"remove_members": []string{acme.Created.Admin.ID}}), http.StatusConflict)
		wantProblem(t, adm.Do("DELETE", "/api/v1/groups/"+administrators.ID, nil), http.StatusConflict)
		p := wantProblem(t, adm.PatchCurrent("/api/v1/groups/"+administrators.ID, map[string]any{"permissions": []string{console.PermUsersRead}}), http.StatusConflict)
		if p.Detail != "The Administrators group keeps every Console permission." {
			t.Errorf("Administrators losing permissions: %+v", p)
		}

		// A custom group that is the only source of groups:manage cannot go
		// once Administrators is empty of active users.
		managers := createGroup(t, adm, "Managers", console.PermGroupsManage)
		addMember(t, adm, managers.ID, acme.Created.Admin.ID).ExpectStatus(t, http.StatusOK)
		adm.PatchCurrent("/api/v1/groups/"+administrators.ID, map[string]any{"remove_members": []string{acme.Created.Admin.ID}}).ExpectStatus(t, http.StatusOK)
		wantProblem(t, adm.Do("DELETE", "/api/v1/groups/"+managers.ID, nil), http.StatusConflict)
		wantProblem(t, adm.PatchCurrent("/api/v1/groups/"+managers.ID, map[string]any{"permissions": []string{}}), http.StatusConflict)
		var me user
		adm.Do("GET", "/api/v1/me", nil).JSON(t, &me)
		if len(me.Groups) != 1 || me.Groups[0].Name != "Managers" {
			t.Errorf("refused changes altered the groups: %+v", me.Groups)
		}
	})
}
