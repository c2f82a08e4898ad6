package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestProfileListsGroupsAndPermissions: the session's answer and /me give
// the person's groups and permissions, as [] (never null, never left out)
// for someone in no group.
func TestProfileListsGroupsAndPermissions(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		org, adm := admin(t, app, "acme")
		invite(t, adm, "pat@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "pat@acme.test", 1, "/activate")), "Pat", "pat's long passphrase").
			ExpectStatus(t, http.StatusOK)
		type profile struct {
			Groups      *[]struct{ Name string } `json:"groups"`
			Permissions *[]string                `json:"permissions"`
		}
		read := func(r *apptest.Response, user bool) profile {
			t.Helper()
			var body struct {
				User profile `json:"user"`
			}
			var p profile
			if user {
				if err := json.Unmarshal(r.Body, &body); err != nil {
					t.Fatal(err)
				}
				p = body.User
			} else if err := json.Unmarshal(r.Body, &p); err != nil {
				t.Fatal(err)
			}
			if p.Groups == nil || p.Permissions == nil {
				t.Fatalf("groups or permissions null or missing:\n%s", r.Body)
			}
			return p
		}
		for _, c := range []struct {
			email, password string
			groups          []string
			permission      string
		}{
			{org.AdminEmail, org.AdminPassword, []string{"Administrators"}, "users:invite"},
			{"pat@acme.test", "pat's long passphrase", []string{}, ""},
		} {
			client := app.Client(t)
			signed := read(client.Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": c.email, "password": c.password}).
				ExpectStatus(t, http.StatusOK), true)
			me := read(client.Do("GET", "/api/v1/me", nil).ExpectStatus(t, http.StatusOK), false)
			for what, p := range map[string]profile{"session": signed, "me": me} {
				var names []string
				for _, g := range *p.Groups {
					names = append(names, g.Name)
				}
				if !slices.Equal(names, c.groups) && !(len(names) == 0 && len(c.groups) == 0) {
					t.Errorf("%s of %s: groups %v, want %v", what, c.email, names, c.groups)
				}
				if has := slices.Contains(*p.Permissions, c.permission); c.permission != "" && !has || c.permission == "" && len(*p.Permissions) != 0 {
					t.Errorf("%s of %s: permissions %v", what, c.email, *p.Permissions)
				}
			}
		}
	})
}

// TestEverySessionStartIsASignIn: activation and a password reset start a
// session, and the user's last sign-in shows it, as a sign-in by password
// does.
func TestEverySessionStartIsASignIn(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		org, adm := admin(t, app, "acme")
		var me struct {
			LastLoginAt *time.Time `json:"last_login_at"`
		}
		adm.Do("GET", "/api/v1/me", nil).ExpectStatus(t, http.StatusOK).JSON(t, &me)
		if me.LastLoginAt == nil {
			t.Errorf("%s signed in by password shows no last sign-in", org.AdminEmail)
		}
		id := invite(t, adm, "pat@acme.test")
		lastLogin := func(what string) time.Time {
			t.Helper()
			var u struct {
				LastLoginAt *time.Time `json:"last_login_at"`
			}
			adm.Do("GET", "/api/v1/users/"+id, nil).ExpectStatus(t, http.StatusOK).JSON(t, &u)
			if u.LastLoginAt == nil {
				t.Fatalf("after %s: no last sign-in", what)
			}
			return *u.LastLoginAt
		}
		activate(t, app, tokenOf(link(t, app, smtp, "pat@acme.test", 1, "/activate")), "Pat", "pat's long passphrase").
			ExpectStatus(t, http.StatusOK)
		activated := lastLogin("activation")
		app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": "pat@acme.test"}).
			ExpectStatus(t, http.StatusAccepted)
		reset := tokenOf(link(t, app, smtp, "pat@acme.test", 2, "/reset-password"))
		app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": reset, "password": "a brand new passphrase"}).
			ExpectStatus(t, http.StatusOK)
		if after := lastLogin("a password reset"); !after.After(activated) {
			t.Errorf("a password reset left the last sign-in at %v", after)
		}
	})
}

// TestInviteReportsEveryField: an invitation with a bad address, an
// unknown group and an overlong message names all three at once.
func TestInviteReportsEveryField(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		r := adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "not an address", "groups": []string{"Nope"},
			"message": strings.Repeat("m", 5000)})
		var problem struct {
			Errors []struct{ Field string } `json:"errors"`
		}
		r.ExpectStatus(t, http.StatusUnprocessableEntity).JSON(t, &problem)
		var fields []string
		for _, e := range problem.Errors {
			fields = append(fields, e.Field)
		}
		slices.Sort(fields)
		if !slices.Equal(fields, []string{"email", "groups", "message"}) {
			t.Errorf("fields reported: %v\n%s", fields, r.Body)
		}
	})
}

// TestInviteAnswerMatchesRead: the answer to an invitation shows the user
// as a read of it does: a live invitation, and groups as a list.
func TestInviteAnswerMatchesRead(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		type shown struct {
			Expired bool                     `json:"invitation_expired"`
			Groups  *[]struct{ Name string } `json:"groups"`
		}
		var invited shown
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "pat@acme.test"}).
			ExpectStatus(t, http.StatusCreated).JSON(t, &invited)
		if invited.Expired || invited.Groups == nil {
			t.Errorf("the invitation's answer shows expired=%v groups=%v", invited.Expired, invited.Groups)
		}
	})
}
