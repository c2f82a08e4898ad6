package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
)

func TestTwoOrganizations(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, globex := app.CreateOrg(t, "acme"), app.CreateOrg(t, "globex")
		a, b := app.Client(t), app.Client(t)
		a.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		b.SignIn("GLOBEX ", "ADMIN@globex.test", globex.AdminPassword)

		var list struct {
			Users []user `json:"users"`
		}
		a.Do("GET", "/api/v1/users", nil).JSON(t, &list)
		if len(list.Users) != 1 || list.Users[0].Email != acme.AdminEmail || list.Users[0].Status != "active" {
			t.Fatalf("acme's list: %+v", list.Users)
		}
		if g := list.Users[0].Groups; len(g) != 1 || g[0].Name != "Administrators" {
			t.Fatalf("acme admin's groups: %+v", g)
		}

		// Another organization's user answers exactly like a missing one.
		other := a.Do("GET", "/api/v1/users/"+globex.Created.Admin.ID, nil)
		missing := a.Do("GET", "/api/v1/users/0192f0c4-0000-7000-8000-000000000000", nil)
		garbage := a.Do("GET", "/api/v1/users/not-an-id", nil)
		wantProblem(t, other, http.StatusNotFound)
		if !bytes.Equal(other.Answer(), missing.Answer()) || !bytes.Equal(other.Answer(), garbage.Answer()) {
			t.Fatalf("another org's user %s differs from a missing one %s / %s", other.Body, missing.Body, garbage.Body)
		}

		var me user
		b.Do("GET", "/api/v1/users/"+globex.Created.Admin.ID, nil).JSON(t, &me)
		if me.Email != globex.AdminEmail || !slices.Contains(me.Permissions, console.PermGroupsManage) {
			t.Fatalf("globex admin sees own profile: %+v", me)
		}
	})
}

func TestUnauthenticated(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		for _, path := range []string{"/api/v1/users", "/api/v1/me", "/api/v1/users/" + acme.Created.Admin.ID} {
			wantProblem(t, c.Do("GET", path, nil), http.StatusUnauthorized)
		}
		// A forged or stale cookie is no better than none.
		forged := c.Do("GET", "/api/v1/users", nil, "Cookie", "console_session=forged")
		wantProblem(t, forged, http.StatusUnauthorized)
		wantProblem(t, c.Do("GET", "/api/v1/nothing-here", nil), http.StatusNotFound)
	})
}

func TestMalformedAndInvalidRequests(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		app.CreateOrg(t, "acme")
		c := app.Client(t)
		wantProblem(t, c.Do("POST", "/api/v1/session", `org=acme`), http.StatusUnsupportedMediaType)
		p := wantProblem(t, c.Do("POST", "/api/v1/session", map[string]any{"org": "acme", "email": "x", "password": "y", "admin": true}), http.StatusBadRequest)
		if len(p.Errors) != 1 || p.Errors[0].Field != "admin" {
			t.Fatalf("unknown field not named: %+v", p)
		}
		p = wantProblem(t, c.Do("POST", "/api/v1/session", map[string]any{"org": 7}), http.StatusBadRequest)
		if len(p.Errors) != 1 || p.Errors[0].Field != "org" {
			t.Fatalf("wrong type not named: %+v", p)
		}
		acme := app.CreateOrg(t, "acme2")
		c.SignIn("acme2", acme.AdminEmail, acme.AdminPassword)
		p = wantProblem(t, c.Do("GET", "/api/v1/users?limit=lots", nil), http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "limit" {
			t.Fatalf("bad limit not named: %+v", p)
		}
		wantProblem(t, c.Do("GET", "/api/v1/users?status=gone", nil), http.StatusUnprocessableEntity)
	})
}
