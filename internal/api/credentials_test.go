package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// person is an Active user with two signed-in sessions and a password
// reset link mailed before the change under test.
type person struct {
	id, email, password string
	this, other         *apptest.Client // two sessions of the person
	reset               string          // the token of an outstanding reset link
}

func newPerson(t *testing.T, app *apptest.App, smtp *mailtest.Catcher, adm *apptest.Client, email string) *person {
	t.Helper()
	p := &person{id: invite(t, adm, email), email: email, password: "a passphrase of " + email}
	activate(t, app, tokenOf(link(t, app, smtp, email, 1, "/activate")), "Pat", p.password).ExpectStatus(t, http.StatusOK)
	p.this, p.other = app.Client(t), app.Client(t)
	p.this.SignIn("acme", email, p.password)
	p.other.SignIn("acme", email, p.password)
	adm.Do("POST", "/api/v1/users/"+p.id+"/password-reset", nil).ExpectStatus(t, http.StatusAccepted)
	p.reset = tokenOf(link(t, app, smtp, email, 2, "/reset-password"))
	return p
}

// alive reports whether a session still works.
func alive(t *testing.T, c *apptest.Client) bool {
	t.Helper()
	return c.Do("GET", "/api/v1/me", nil).StatusCode == http.StatusOK
}

// TestCredentialsEndWithTheirState is the one rule for every credential
// Console issues, as a table: each change to a person x each credential
// they held before it -> dead or alive. Deactivation, deletion, an email
// change and a password change end every outstanding link; deactivation,
// deletion and a password set from a reset link end every session; the
// person who changes their own password keeps the session they did it
// from.
func TestCredentialsEndWithTheirState(t *testing.T) {
	type state struct{ this, other, reset bool }
	changes := []struct {
		name   string
		change func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person)
		want   state // alive?
	}{
		{"deactivated, then reactivated", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			adm.Do("POST", "/api/v1/users/"+p.id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
			adm.Do("POST", "/api/v1/users/"+p.id+"/reactivate", nil).ExpectStatus(t, http.StatusOK)
		}, state{}},
		{"deleted", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			adm.Do("POST", "/api/v1/users/"+p.id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
			adm.Do("DELETE", "/api/v1/users/"+p.id, map[string]string{"confirm_email": p.email}).ExpectStatus(t, http.StatusOK)
		}, state{}},
		{"email changed", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			adm.PatchCurrent("/api/v1/users/"+p.id, map[string]string{"email": "new-" + p.email}).ExpectStatus(t, http.StatusOK)
		}, state{this: true, other: true}},
		{"email changed in case only (the same mailbox)", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			adm.PatchCurrent("/api/v1/users/"+p.id, map[string]string{"email": "PAT-" + p.email[4:]}).ExpectStatus(t, http.StatusOK)
		}, state{this: true, other: true, reset: true}},
		{"name changed", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			adm.PatchCurrent("/api/v1/users/"+p.id, map[string]string{"name": "Patricia"}).ExpectStatus(t, http.StatusOK)
		}, state{this: true, other: true, reset: true}},
		{"own password changed", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			p.this.Do("POST", "/api/v1/me/password", map[string]string{"current_password": p.password, "new_password": "a brand new passphrase"}).
				ExpectStatus(t, http.StatusNoContent)
		}, state{this: true}},
		{"password set from another reset link", func(t *testing.T, app *apptest.App, adm *apptest.Client, p *person) {
			// The link under test is the one used here: used, so dead. It is
			// used from a third browser, which the reset signs in.
			app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": p.reset, "password": "a brand new passphrase"}).
				ExpectStatus(t, http.StatusOK)
		}, state{}},
	}
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		for i, c := range changes {
			p := newPerson(t, app, smtp, adm, fmt.Sprintf("pat-%d@acme.test", i))
			c.change(t, app, adm, p)
			got := state{this: alive(t, p.this), other: alive(t, p.other)}
			r := app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": p.reset, "password": "yet another passphrase"})
			got.reset = r.StatusCode == http.StatusOK
			if got != c.want {
				t.Errorf("%s: alive after it: %+v, want %+v", c.name, got, c.want)
			}
		}
	})
}

// TestRefusedLinkUseKeepsLink: a use of a link that is refused (a weak
// password) does not consume it.
func TestRefusedLinkUseKeepsLink(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		p := newPerson(t, app, smtp, adm, "pat@acme.test")
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": p.reset, "password": "password"}), http.StatusUnprocessableEntity)
		app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": p.reset, "password": "a good long passphrase"}).ExpectStatus(t, http.StatusOK)
	})
}

// TestInvitationEndsWithCancel: the activation link of a cancelled
// invitation is dead, and a resend kills the link it replaces.
func TestInvitationEndsWithCancel(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		id := invite(t, adm, "kim@acme.test")
		first := tokenOf(link(t, app, smtp, "kim@acme.test", 1, "/activate"))
		adm.Do("POST", "/api/v1/users/"+id+"/invitation/resend", nil).ExpectStatus(t, http.StatusOK)
		second := tokenOf(link(t, app, smtp, "kim@acme.test", 2, "/activate"))
		wantProblem(t, activate(t, app, first, "Kim", "a good long passphrase"), http.StatusNotFound)
		adm.Do("DELETE", "/api/v1/users/"+id+"/invitation", nil).ExpectStatus(t, http.StatusNoContent)
		wantProblem(t, activate(t, app, second, "Kim", "a good long passphrase"), http.StatusNotFound)
	})
}
