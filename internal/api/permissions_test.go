package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
)

func member(t *testing.T, app *apptest.App, orgID, userID, groupID string, in bool) {
	t.Helper()
	ctx := context.Background()
	err := app.Server.Store.Tx(ctx, func(q *store.Queries) error {
		if in {
			return q.AddMember(ctx, orgID, userID, groupID, app.Clock.Now())
		}
		return q.RemoveMember(ctx, orgID, userID, groupID)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPermissionUnion checks that a user holds the union of the permissions
// of all their groups, and that a change of membership applies to the very
// next request.
func TestPermissionUnion(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		ctx := context.Background()
		orgID := acme.Created.Org.ID
		u := addUser(t, app, orgID, "editor@acme.test", console.StatusActive, "editor password 1")
		editors := &console.Group{OrgID: orgID, Name: "Content Editors", Permissions: []string{"content:edit"}, CreatedAt: app.Clock.Now()}
		if err := app.Server.Store.Tx(ctx, func(q *store.Queries) error { return q.CreateGroup(ctx, editors) }); err != nil {
			t.Fatal(err)
		}
		managers, err := app.Server.Store.GroupByBuiltIn(ctx, orgID, console.GroupUserManagers)
		if err != nil {
			t.Fatal(err)
		}
		c := app.Client(t)
		c.SignIn("acme", "editor@acme.test", "editor password 1")
		wantProblem(t, c.Do("GET", "/api/v1/users", nil), http.StatusForbidden)

		member(t, app, orgID, u.ID, editors.ID, true)
		wantProblem(t, c.Do("GET", "/api/v1/users", nil), http.StatusForbidden)

		// Promotion: add User Managers, keep Content Editors.
		member(t, app, orgID, u.ID, managers.ID, true)
		if r := c.Do("GET", "/api/v1/users", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("after joining User Managers: %d %s", r.StatusCode, r.Body)
		}
		var me user
		c.Do("GET", "/api/v1/me", nil).JSON(t, &me)
		for _, p := range []string{"content:edit", console.PermUsersRead, console.PermUsersInvite} {
			if !slices.Contains(me.Permissions, p) {
				t.Errorf("permissions %v lack %s", me.Permissions, p)
			}
		}
		if slices.Contains(me.Permissions, console.PermGroupsManage) {
			t.Errorf("User Managers + Content Editors grant groups:manage: %v", me.Permissions)
		}

		member(t, app, orgID, u.ID, managers.ID, false)
		wantProblem(t, c.Do("GET", "/api/v1/users", nil), http.StatusForbidden)
	})
}
