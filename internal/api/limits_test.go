package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"console/internal/apptest"
)

// TestInputLimits sends every text input over its documented limit: each
// is answered 400 or 422 naming the field, never 500, on both engines. A
// 50,000-character search was a 500 on SQLite (its LIKE pattern limit).
func TestInputLimits(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		userPath := "/api/v1/users/" + acme.Created.Admin.ID
		g := createGroup(t, adm, "Editors")
		long := func(n int) string { return strings.Repeat("é", n) }
		many := func(n int) []string {
			list := make([]string, n)
			for i := range list {
				list[i] = "users:read"
			}
			return list
		}
		cases := []struct {
			name, field string
			r           *apptest.Response
		}{
			{"search of 50,000 characters", "q", adm.Do("GET", "/api/v1/users?q="+strings.Repeat("a", 50000), nil)},
			{"search of 201 characters", "q", adm.Do("GET", "/api/v1/users?q="+url.QueryEscape(long(201)), nil)},
			{"limit not a number", "limit", adm.Do("GET", "/api/v1/users?limit=lots", nil)},
			{"status unknown", "status", adm.Do("GET", "/api/v1/users?status="+long(1000), nil)},
			{"name of 201 characters", "name", adm.PatchCurrent(userPath, map[string]string{"name": long(201)})},
			{"email of 255 characters", "email", adm.PatchCurrent(userPath, map[string]string{"email": strings.Repeat("a", 243) + "@example.test"})},
			{"invitation email of 1,000 characters", "email", adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": strings.Repeat("a", 990) + "@acme.test"})},
			{"welcome message of 2,001 characters", "message", adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "m@acme.test", "message": long(2001)})},
			{"501 groups for an invitation", "groups", adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "g@acme.test", "groups": many(501)})},
			{"501 groups for a user", "groups", adm.PatchCurrent(userPath, map[string]any{"groups": many(501)})},
			{"group name of 101 characters", "name", adm.Do("POST", "/api/v1/groups", map[string]any{"name": long(101)})},
			{"group description of 501 characters", "description", adm.PatchCurrent("/api/v1/groups/"+g.ID, map[string]any{"description": long(501)})},
			{"501 permissions for a group", "permissions", adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Many", "permissions": many(501)})},
			{"501 members to add", "add_members", adm.PatchCurrent("/api/v1/groups/"+g.ID, map[string]any{"add_members": many(501)})},
			{"permission description of 501 characters", "description", adm.Do("POST", "/api/v1/permissions", map[string]any{"name": "content:edit", "description": long(501)})},
			{"permission name of 1,000 characters", "name", adm.Do("POST", "/api/v1/permissions", map[string]any{"name": "content:" + strings.Repeat("e", 992)})},
		}
		for _, c := range cases {
			wantFieldNamed(t, c.name, c.r, c.field, http.StatusBadRequest, http.StatusUnprocessableEntity)
		}
		// The page answers the search the same way, not with a 500; an
		// address longer than the header limit (64 KiB) is refused whole.
		if r := adm.Do("GET", "/api/v1/users?q="+strings.Repeat("a", 200000), nil); r.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("a 200 KB address: %d", r.StatusCode)
		}
		if r := adm.Do("GET", "/users?q="+strings.Repeat("a", 50000), nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("users page with a 50,000-character search: %d", r.StatusCode)
		}
	})
}

// TestOddTextAtSignIn: what a stranger types at sign-in is kept for the
// record cut to size on a character boundary; an email or company of
// invalid UTF-8, or a long one of multi-byte characters, is a failed
// sign-in like any other, never a 500 (PostgreSQL refuses invalid UTF-8).
func TestOddTextAtSignIn(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		app.CreateOrg(t, "acme")
		for name, in := range map[string][2]string{
			"long multi-byte email": {"acme", strings.Repeat("€", 110) + "@acme.test"},
			"invalid UTF-8 email":   {"acme", "a\xff\xfe@acme.test"},
			"invalid UTF-8 company": {"ac\xffme", "a@acme.test"},
		} {
			form := url.Values{"org": {in[0]}, "email": {in[1]}, "password": {"whatever12"}}
			if r := app.Client(t).Do("POST", "/login", form.Encode()); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s on the page: %d", name, r.StatusCode)
			}
		}
		r := app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": strings.Repeat("€", 110) + "@acme.test", "password": "whatever12"},
			"User-Agent", strings.Repeat("€", 200))
		wantProblem(t, r, http.StatusUnauthorized)
	})
}

// wantFieldNamed checks that r, the answer to what name describes, has one
// of the statuses and names field first among its errors.
func wantFieldNamed(t *testing.T, name string, r *apptest.Response, field string, statuses ...int) {
	t.Helper()
	if !slices.Contains(statuses, r.StatusCode) {
		t.Errorf("%s: %d %s", name, r.StatusCode, r.Body)
		return
	}
	var p problem
	r.JSON(t, &p)
	if len(p.Errors) == 0 || p.Errors[0].Field != field {
		t.Errorf("%s: %s, want the field %q named", name, r.Body, field)
	}
}
