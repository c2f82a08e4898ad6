package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
)

type groupOut struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	Members     []struct {
		ID string `json:"id"`
	} `json:"members"`
}

type checkOut struct {
	Allowed bool `json:"allowed"`
	Via     []struct {
		Name string `json:"name"`
	} `json:"via"`
}

func check(t *testing.T, c *apptest.Client, userRef, perm string) checkOut {
	t.Helper()
	var out checkOut
	c.Do("POST", "/api/v1/authz/check", map[string]string{"user": userRef, "permission": perm}).ExpectStatus(t, http.StatusOK).JSON(t, &out)
	return out
}

func createGroup(t *testing.T, c *apptest.Client, name string, perms ...string) groupOut {
	t.Helper()
	var g groupOut
	c.Do("POST", "/api/v1/groups", map[string]any{"name": name, "permissions": perms}).ExpectStatus(t, http.StatusCreated).JSON(t, &g)
	return g
}

// groupNamed returns the group named name, as c lists the groups.
func groupNamed(t *testing.T, c *apptest.Client, name string) groupOut {
	t.Helper()
	var all struct{ Groups []groupOut }
	c.Do("GET", "/api/v1/groups", nil).ExpectStatus(t, http.StatusOK).JSON(t, &all)
	for _, g := range all.Groups {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group named %q", name)
	return groupOut{}
}

func addMember(t *testing.T, c *apptest.Client, groupID, userID string) *apptest.Response {
	t.Helper()
	return c.PatchCurrent("/api/v1/groups/"+groupID, map[string]any{"add_members": []string{userID}})
}

// TestPromotion is PRODUCT.md's example: a Content Editor who also joins
// User Managers can edit content and manage users, each through its group.
func TestPromotion(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		adm.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit", "description": "Edit the website"}).ExpectStatus(t, http.StatusCreated)
		editors := createGroup(t, adm, "Content Editors", "content:edit")
		managers := groupNamed(t, adm, "User Managers")
		u := addUser(t, app, acme.Created.Org.ID, "ed@acme.test", console.StatusActive, "ed's long passphrase")
		addMember(t, adm, editors.ID, u.ID).ExpectStatus(t, http.StatusOK)
		if c := check(t, adm, u.ID, console.PermUsersInvite); c.Allowed {
			t.Fatalf("editor may invite before promotion: %+v", c)
		}
		addMember(t, adm, managers.ID, u.ID).ExpectStatus(t, http.StatusOK)
		for perm, group := range map[string]string{"content:edit": "Content Editors", console.PermUsersInvite: "User Managers"} {
			c := check(t, adm, "ED@acme.test", perm)
			if !c.Allowed || len(c.Via) != 1 || c.Via[0].Name != group {
				t.Errorf("check %s: %+v, want allowed via %s", perm, c, group)
			}
		}
		if c := check(t, adm, u.ID, console.PermGroupsManage); c.Allowed {
			t.Errorf("promotion granted groups:manage")
		}
		var detail struct {
			Grants []struct {
				Permission string `json:"permission"`
				Via        []struct{ Name string }
			} `json:"grants"`
		}
		adm.Do("GET", "/api/v1/users/"+u.ID, nil).JSON(t, &detail)
		if !slices.ContainsFunc(detail.Grants, func(g struct {
			Permission string `json:"permission"`
			Via        []struct{ Name string }
		}) bool {
			return g.Permission == "content:edit" && len(g.Via) == 1 && g.Via[0].Name == "Content Editors"
		}) {
			t.Errorf("grants %+v lack content:edit via Content Editors", detail.Grants)
		}
	})
}

func TestCheckAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		globex := app.CreateOrg(t, "globex")
		gone := addUser(t, app, acme.Created.Org.ID, "gone@acme.test", console.StatusInactive, "old password 1")
		if _, err := app.Server.Service.EditUser(context.Background(), nil, gone.ID, 1, serviceEditNone()); err == nil {
			t.Fatal("nil actor accepted")
		}
		if c := check(t, adm, acme.Created.Admin.ID, console.PermGroupsManage); !c.Allowed || c.Via[0].Name != "Administrators" {
			t.Errorf("admin check: %+v", c)
		}
		if c := check(t, adm, gone.ID, "content:edit"); c.Allowed {
			t.Errorf("inactive user allowed")
		}
		wantProblem(t, adm.Do("POST", "/api/v1/authz/check", map[string]string{"user": globex.Created.Admin.ID, "permission": "users:read"}), http.StatusNotFound)
		wantProblem(t, adm.Do("POST", "/api/v1/authz/check", map[string]string{"user": "nobody@acme.test", "permission": "users:read"}), http.StatusNotFound)
		wantProblem(t, adm.Do("POST", "/api/v1/authz/check", map[string]string{"user": acme.Created.Admin.ID, "permission": "Not A Permission"}), http.StatusUnprocessableEntity)
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/authz/check", map[string]string{"user": acme.Created.Admin.ID, "permission": "users:read"}), http.StatusUnauthorized)
	})
}

// TestGroupFormsReportEveryField: a name and a permission both wrong are
// named in one answer, on creation and on change.
func TestGroupFormsReportEveryField(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		g := createGroup(t, adm, "Editors")
		for _, r := range []*apptest.Response{
			adm.Do("POST", "/api/v1/groups", map[string]any{"name": " ", "permissions": []string{"no:such"}}),
			adm.PatchCurrent("/api/v1/groups/"+g.ID, map[string]any{"name": "", "permissions": []string{"no:such"}}),
		} {
			p := wantProblem(t, r, http.StatusUnprocessableEntity)
			fields := map[string]bool{}
			for _, e := range p.Errors {
				fields[e.Field] = true
			}
			if !fields["name"] || !fields["permissions"] {
				t.Errorf("%s %s: %+v, want name and permissions", r.Request.Method, r.Request.URL.Path, p.Errors)
			}
		}
	})
}
