package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestHiddenCharactersRefused: NUL (which PostgreSQL refuses, so it was a
// 500 there and an invitation job that failed forever), control characters
// and the invisible characters that make one name read as another are
// refused in every text field, naming it; typed at sign-in they are a
// failed sign-in.
func TestHiddenCharactersRefused(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme, adm := admin(t, app, "acme")
		g := createGroup(t, adm, "Editors")
		invite(t, adm, "kim@acme.test")
		token := tokenOf(link(t, app, smtp, "kim@acme.test", 1, "/activate"))
		cases := []struct {
			name, field string
			r           *apptest.Response
		}{
			{"NUL in a search", "q", adm.Do("GET", "/api/v1/users?q=a%00b", nil)},
			{"invalid UTF-8 in a search", "q", adm.Do("GET", "/api/v1/users?q=%ff", nil)},
			{"NUL in a group name", "name", adm.Do("POST", "/api/v1/groups", map[string]any{"name": "g\u0000x"})},
			{"zero-width space in a group name", "name", adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Administrators\u200b"})},
			{"NUL in a description", "description", adm.PatchCurrent("/api/v1/groups/"+g.ID, map[string]any{"description": "d\u0000"})},
			{"NUL in a permission's description", "description", adm.Do("POST", "/api/v1/permissions", map[string]any{"name": "a:b", "description": "d\u0000"})},
			{"line breaks in a name", "name", adm.PatchCurrent("/api/v1/users/"+acme.Created.Admin.ID, map[string]any{"name": "Evil\r\nBcc: spy@evil.test"})},
			{"right-to-left override in a name", "name", adm.PatchCurrent("/api/v1/users/"+acme.Created.Admin.ID, map[string]any{"name": "Ann\u202eeil"})},
			{"bytes that are not UTF-8 in an address", "email", adm.Do("POST", "/api/v1/users/invite", `{"email":"m11`+"\xff"+`@acme.test"}`, "Content-Type", "application/json")},
			{"NUL in a welcome message", "message", adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "n1@acme.test", "message": "a\u0000b"})},
			{"NUL in a name at activation", "name", app.Client(t).Do("POST", "/api/v1/activate", map[string]string{"token": token, "name": "x\u0000y", "password": "a good long passphrase"})},
		}
		for _, c := range cases {
			if c.r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %s", c.name, c.r.StatusCode, c.r.Body)
				continue
			}
			var p problem
			c.r.JSON(t, &p)
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%s: %s, want the field %q named", c.name, c.r.Body, c.field)
			}
		}
		// A line break or tab stays possible where text spans lines.
		adm.PatchCurrent("/api/v1/groups/"+g.ID, map[string]any{"description": "Writes.\nReviews."}).ExpectStatus(t, http.StatusOK)
		for _, in := range []map[string]string{
			{"org": "acme\u0000", "email": acme.AdminEmail, "password": acme.AdminPassword},
			{"org": "acme", "email": "a\u0000@acme.test", "password": "whatever12"},
		} {
			wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", in), http.StatusUnauthorized)
		}
		app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme\u0000", "email": acme.AdminEmail}).ExpectStatus(t, http.StatusAccepted)
	})
}

// TestGroupNamesLookAlike: a group named like another but for case, width
// or invisible characters is the same name; a group can be renamed only
// by someone holding all it grants.
func TestGroupNamesLookAlike(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		for _, name := range []string{"ADMINISTRATORS", "Ａｄｍｉｎｉｓｔｒａｔｏｒｓ", "Administrators ", "administrators\u00ad"} {
			if r := adm.Do("POST", "/api/v1/groups", map[string]any{"name": name}); r.StatusCode != http.StatusConflict && r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a group named %q beside Administrators: %d", name, r.StatusCode)
			}
		}
		// Found by any spelling of its name, too.
		createGroup(t, adm, "Group Admins", "users:read", "groups:manage", "users:invite")
		invite(t, adm, "gina@acme.test", "ｇｒｏｕｐ ａｄｍｉｎｓ")
		activate(t, app, tokenOf(link(t, app, smtp, "gina@acme.test", 1, "/activate")), "Gina", "gina's long passphrase").ExpectStatus(t, http.StatusOK)
		gina := app.Client(t)
		gina.SignIn("acme", "gina@acme.test", "gina's long passphrase")
		var managers groupOut
		var all struct{ Groups []groupOut }
		gina.Do("GET", "/api/v1/groups", nil).JSON(t, &all)
		for _, g := range all.Groups {
			if g.Name == "User Managers" {
				managers = g
			}
		}
		p := wantProblem(t, gina.PatchCurrent("/api/v1/groups/"+managers.ID, map[string]any{"name": "Guests"}), http.StatusForbidden)
		if !strings.Contains(p.Detail, "which you do not hold") {
			t.Errorf("renaming a group one does not hold: %+v", p)
		}
	})
}

// TestAnswersTellNoInternals: malformed JSON is described in JSON's terms,
// never Go's, and values repeated back are clipped.
func TestAnswersTellNoInternals(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		for _, body := range []string{`[]`, `{"org": 5}`, `{"org": ["a"]}`, `"x"`} {
			r := app.Client(t).Do("POST", "/api/v1/session", body, "Content-Type", "application/json")
			if r.StatusCode != http.StatusBadRequest || bytes.Contains(r.Body, []byte("struct")) || bytes.Contains(r.Body, []byte("json:")) {
				t.Errorf("%s: %d %s", body, r.StatusCode, r.Body)
			}
		}
		long := strings.Repeat("g", 10000)
		r := adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "x@acme.test", "groups": []string{long, long + "2"}})
		if r.StatusCode != http.StatusUnprocessableEntity || len(r.Body) > 1000 {
			t.Errorf("unknown groups echoed back: %d, %d bytes", r.StatusCode, len(r.Body))
		}
	})
}

// TestConventionsHeld: a weak ETag never matches (If-Match compares
// strongly), page sizes and cursors out of range are errors, a body in
// another charset is refused, a refused body closes the connection rather
// than being read, and the sign-in answer carries the person's groups.
func TestConventionsHeld(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		path := "/api/v1/users/" + acme.Created.Admin.ID
		etag := adm.Do("GET", path, nil).Header.Get("ETag")
		wantProblem(t, adm.Do("PATCH", path, map[string]any{"name": "Ada"}, "If-Match", "W/"+etag), http.StatusPreconditionFailed)
		adm.Do("PATCH", path, map[string]any{"name": "Ada"}, "If-Match", etag).ExpectStatus(t, http.StatusOK)

		for _, q := range []string{"limit=201", "limit=0", "cursor=forged"} {
			wantProblem(t, adm.Do("GET", "/api/v1/users?"+q, nil), http.StatusUnprocessableEntity)
		}
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", `{"org":"acme"}`, "Content-Type", "application/json; charset=utf-16"), http.StatusUnsupportedMediaType)
		r := app.Client(t).Do("POST", "/login", "org=acme&email="+strings.Repeat("a", 100<<10))
		if r.StatusCode != http.StatusRequestEntityTooLarge || !r.Close {
			t.Errorf("a 100 KiB sign-in form: %d, connection closed %v", r.StatusCode, r.Close)
		}

		var signed struct {
			User user `json:"user"`
		}
		app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword}).JSON(t, &signed)
		if len(signed.User.Groups) == 0 || len(signed.User.Permissions) == 0 {
			t.Errorf("signed-in user without groups or permissions: %+v", signed.User)
		}
		for _, p := range []string{"/static/", "/static/preview.html"} {
			if r := app.Client(t).Do("GET", p, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d", p, r.StatusCode)
			}
		}
		app.Client(t).Do("GET", "/static/console.css", nil).ExpectStatus(t, http.StatusOK)
	})
}
