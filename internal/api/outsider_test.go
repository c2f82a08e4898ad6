package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

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
			wantFieldNamed(t, c.name, c.r, c.field, http.StatusUnprocessableEntity)
		}
		// A line break or tab stays possible where text spans lines.
		adm.PatchCurrent("/api/v1/groups/"+g.ID, map[string]any{"description": "Writes.\nReviews."}).ExpectStatus(t, http.StatusOK)
		for _, in := range []map[string]string{
			{"org": "acme\u0000", "email": acme.AdminEmail, "password": acme.AdminPassword},
			{"org": "acme", "email": "a\u0000@acme.test", "password": "whatever12"},
		} {
			wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", in), http.StatusUnauthorized)
		}
		// An empty sign-in names every empty field, and is no guess.
		if p := wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "", "email": " ", "password": ""}),
			http.StatusUnprocessableEntity); len(p.Errors) != 3 {
			t.Errorf("empty sign-in: %+v", p.Errors)
		}
		// Forgot password checks the form of both fields at once (which says
		// nothing of any account).
		r := app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme\u0000", "email": "not an address"})
		if p := wantProblem(t, r, http.StatusUnprocessableEntity); len(p.Errors) != 2 || p.Errors[0].Field != "org" || p.Errors[1].Field != "email" {
			t.Errorf("forgot password with two bad fields: %+v", p.Errors)
		}
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
		managers := groupNamed(t, gina, "User Managers")
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

// member makes an Active user in the named groups and returns them signed in.
func memberOf(t *testing.T, app *apptest.App, smtp *mailtest.Catcher, adm *apptest.Client, email string, groups ...string) (string, *apptest.Client) {
	t.Helper()
	id := invite(t, adm, email, groups...)
	activate(t, app, tokenOf(link(t, app, smtp, email, 1, "/activate")), "Someone", "a passphrase for "+email).ExpectStatus(t, http.StatusOK)
	c := app.Client(t)
	c.SignIn("acme", email, "a passphrase for "+email)
	return id, c
}

// TestWeakerCannotStripStronger: taking someone out of a group, removing
// a permission from a group they are in, deleting that group, or deleting
// an organization permission they hold all act on them: refused to whoever
// holds less than they do.
func TestWeakerCannotStripStronger(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		adm.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit"}).ExpectStatus(t, http.StatusCreated)
		gm := createGroup(t, adm, "GM2", "groups:manage", "users:read")
		createGroup(t, adm, "Auditors", "audit:read", "content:edit")
		_, x := memberOf(t, app, smtp, adm, "x@acme.test", "GM2")
		y, _ := memberOf(t, app, smtp, adm, "y@acme.test", "GM2", "Auditors")

		path := "/api/v1/groups/" + gm.ID
		for name, r := range map[string]*apptest.Response{
			"remove a member who holds more":       x.Do("PATCH", path, map[string]any{"remove_members": []string{y}}),
			"remove a permission from their group": x.PatchCurrent(path, map[string]any{"permissions": []string{"groups:manage"}}),
			"delete their group":                   x.Do("DELETE", path, nil),
		} {
			if p := wantProblem(t, r, http.StatusForbidden); !strings.Contains(p.Detail, "which you do not hold") {
				t.Errorf("%s: %+v", name, p)
			}
		}
		var g groupOut
		adm.Do("GET", path, nil).JSON(t, &g)
		if len(g.Members) != 2 || len(g.Permissions) != 2 {
			t.Errorf("after refusals the group is %+v", g)
		}
		// Deleting content:edit takes it from y and from Administrators.
		wantProblem(t, x.Do("DELETE", "/api/v1/permissions/content:edit", nil), http.StatusForbidden)
		adm.Do("PATCH", path, map[string]any{"remove_members": []string{y}}).ExpectStatus(t, http.StatusOK)
	})
}

// TestOutboxIsForWhoHoldsEverything: without SMTP the Outbox shows live
// reset links of everyone, so holding settings:manage is not enough.
func TestOutboxIsForWhoHoldsEverything(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		createGroup(t, adm, "Settings", "settings:manage")
		id := invite(t, adm, "nobody@acme.test", "Settings")
		// The Outbox holds the activation link; read it as the admin.
		var link string
		for range 50 {
			page := adm.Do("GET", "/outbox", nil)
			if i := bytes.Index(page.Body, []byte("/activate?token=")); i >= 0 {
				link = string(page.Body[i+len("/activate?token="):])
				link = link[:strings.IndexAny(link, "\"<& \n")]
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		activate(t, app, link, "Nobody", "a passphrase nobody guesses").ExpectStatus(t, http.StatusOK)
		nobody := app.Client(t)
		nobody.SignIn("acme", "nobody@acme.test", "a passphrase nobody guesses")
		app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": acme.AdminEmail}).ExpectStatus(t, http.StatusAccepted)
		if r := nobody.Do("GET", "/outbox", nil); r.StatusCode != http.StatusForbidden || bytes.Contains(r.Body, []byte("reset-password?token=")) {
			t.Errorf("the Outbox for settings:manage alone: %d", r.StatusCode)
		}
		if bytes.Contains(nobody.Do("GET", "/users/"+id, nil).Body, []byte(`href="/outbox"`)) {
			t.Errorf("the Outbox is offered to settings:manage alone")
		}
		adm.Do("GET", "/outbox", nil).ExpectStatus(t, http.StatusOK)
	})
}

// TestGroupIDsCannotBeNames: a group cannot be named after another's id,
// and groups are looked up by id first, whatever its case.
func TestGroupIDsCannotBeNames(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		admins := groupNamed(t, adm, "Administrators").ID
		p := wantProblem(t, adm.Do("POST", "/api/v1/groups", map[string]any{"name": admins}), http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "name" {
			t.Errorf("an id as a name: %+v", p)
		}
		wantProblem(t, adm.Do("POST", "/api/v1/groups", map[string]any{"name": strings.ToUpper(admins)}), http.StatusUnprocessableEntity)
		var u user
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "up@acme.test", "groups": []string{strings.ToUpper(admins)}}).
			ExpectStatus(t, http.StatusCreated).JSON(t, &u)
		if len(u.Groups) != 1 || u.Groups[0].ID != admins {
			t.Errorf("invited into %+v, want %s", u.Groups, admins)
		}
		if r := adm.Do("POST", "/api/v1/authz/check", map[string]string{"user": strings.ToUpper(u.ID), "permission": "users:read"}); r.StatusCode != http.StatusOK {
			t.Errorf("authz check by an upper-case id: %d", r.StatusCode)
		}
	})
}

// TestMoreHiddenCharacters: soft hyphens, bidirectional marks, Hangul
// fillers, line separators, private-use characters and the blank Braille
// pattern are refused in names and addresses; a group name mixing scripts
// in a word, or differing from another by a Turkish i, is refused.
func TestMoreHiddenCharacters(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		for _, name := range []string{"Ad\u00admins", "Ad\u061cmins", "Q\u2028S", "\u2800\u2800", "Admins\U000F0000", "Ad\u3164mins", "Ad\u034fmins"} {
			if r := adm.Do("POST", "/api/v1/groups", map[string]any{"name": name}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("group name %q: %d", name, r.StatusCode)
			}
			if r := adm.PatchCurrent("/api/v1/users/"+acme.Created.Admin.ID, map[string]any{"name": name}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("person's name %q: %d", name, r.StatusCode)
			}
		}
		for _, email := range []string{"x\u2028@acme.test", "a\u2029@acme.test", "a\u2800@acme.test", "\U000F0000@acme.test", "a\u00ad@acme.test"} {
			if r := adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": email}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("address %q: %d", email, r.StatusCode)
			}
		}
		wantProblem(t, adm.Do("POST", "/api/v1/groups", map[string]any{"name": "\u0391dministrators"}), http.StatusUnprocessableEntity) // Greek Α
		for _, name := range []string{"ADM\u0130N\u0130STRATORS", "Admin\u0131strators"} {
			wantProblem(t, adm.Do("POST", "/api/v1/groups", map[string]any{"name": name}), http.StatusConflict)
		}
		// Names in one script, or several words of different scripts, are fine.
		createGroup(t, adm, "Редакторы")
		createGroup(t, adm, "東京 Team")
		createGroup(t, adm, "ویراستاران\u200cارشد") // a zero-width non-joiner, as Persian writes it
	})
}

// TestJSONKeysExact: a field given twice, or in another case than its
// name, is refused: a proxy reading the first of two must not see another
// request than Console does.
func TestJSONKeysExact(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		for _, body := range []string{`{"email":"k1@acme.test","EMAIL":"k2@acme.test"}`, `{"email":"a@acme.test","email":"x@acme.test"}`, `{"Email":"k3@acme.test"}`} {
			wantProblem(t, adm.Do("POST", "/api/v1/users/invite", body, "Content-Type", "application/json"), http.StatusBadRequest)
		}
		wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "a@1.2.3.4"}), http.StatusUnprocessableEntity)
	})
}
