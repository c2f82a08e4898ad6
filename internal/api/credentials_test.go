package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

// TestQueuedResetAfterDeactivation: a reset email still queued (the mail
// server refusing for now) when the person is deactivated must not bring a
// working link once they are reactivated and the mail goes out.
func TestQueuedResetAfterDeactivation(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		p := newPerson(t, app, smtp, adm, "pat@acme.test")
		smtp.FailWith(451)
		adm.Do("POST", "/api/v1/users/"+p.id+"/password-reset", nil).ExpectStatus(t, http.StatusAccepted)
		time.Sleep(200 * time.Millisecond) // the first delivery fails
		adm.Do("POST", "/api/v1/users/"+p.id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		adm.Do("POST", "/api/v1/users/"+p.id+"/reactivate", nil).ExpectStatus(t, http.StatusOK)
		smtp.FailWith(0)
		app.Clock.Advance(2 * time.Hour) // the retry is due
		time.Sleep(time.Second)
		if n := len(smtp.WaitFor(t, p.email, 2, time.Second)); n != 2 {
			t.Fatalf("%d emails to %s after the reactivation, want no new one", n, p.email)
		}
	})
}

// TestSignInStraddlingReset: someone who knows the old password keeps
// signing in while the owner resets it; no session made with the old
// password may survive the reset, even one whose password check was under
// way when the reset committed.
func TestSignInStraddlingReset(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		p := newPerson(t, app, smtp, adm, "pat@acme.test")
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for !stop.Load() {
					app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": p.email, "password": p.password})
				}
			})
		}
		time.Sleep(300 * time.Millisecond)
		owner := app.Client(t)
		owner.Do("POST", "/api/v1/password/reset", map[string]string{"token": p.reset, "password": "the owner's new passphrase"}).ExpectStatus(t, http.StatusOK)
		time.Sleep(300 * time.Millisecond)
		stop.Store(true)
		wg.Wait()
		owner.Do("GET", "/api/v1/me", nil).ExpectStatus(t, http.StatusOK)
		org, err := app.Server.Store.OrgBySlug(context.Background(), "acme")
		if err != nil {
			t.Fatal(err)
		}
		sessions, err := app.Server.Store.ListUserSessions(context.Background(), org.ID, p.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(sessions) != 1 {
			t.Errorf("%d sessions after the reset, want only the owner's: sessions made with the old password survived", len(sessions))
		}
	})
}

// race runs a and b at the same instant and returns their answers.
func race(a, b func() *apptest.Response) (*apptest.Response, *apptest.Response) {
	start := make(chan struct{})
	var ra, rb *apptest.Response
	var wg sync.WaitGroup
	wg.Go(func() { <-start; ra = a() })
	wg.Go(func() { <-start; rb = b() })
	close(start)
	wg.Wait()
	return ra, rb
}

// TestLinkUseRacesChange uses a link at the very moment an administrator
// changes its user (a reset against a deactivation, an activation against
// a resend): one of the two wins, the other is refused as such, and
// neither fails (the link flows lock the organization first, as the
// administrators' changes do, so they never deadlock).
func TestLinkUseRacesChange(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		for i := range 5 {
			p := newPerson(t, app, smtp, adm, fmt.Sprintf("r%d@acme.test", i))
			reset, deactivate := race(
				func() *apptest.Response {
					return app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": p.reset, "password": "a racing passphrase"})
				},
				func() *apptest.Response { return adm.Do("POST", "/api/v1/users/"+p.id+"/deactivate", nil) })
			if (reset.StatusCode != http.StatusOK && reset.StatusCode != http.StatusNotFound) || deactivate.StatusCode != http.StatusOK {
				t.Errorf("reset %d %s, deactivate %d %s", reset.StatusCode, reset.Body, deactivate.StatusCode, deactivate.Body)
			}

			email := fmt.Sprintf("i%d@acme.test", i)
			id := invite(t, adm, email)
			token := tokenOf(link(t, app, smtp, email, 1, "/activate"))
			activation, resend := race(
				func() *apptest.Response { return activate(t, app, token, "Ivy", "a racing passphrase") },
				func() *apptest.Response { return adm.Do("POST", "/api/v1/users/"+id+"/invitation/resend", nil) })
			ok := activation.StatusCode == http.StatusOK && resend.StatusCode == http.StatusConflict ||
				activation.StatusCode == http.StatusNotFound && resend.StatusCode == http.StatusOK
			if !ok {
				t.Errorf("activation %d %s, resend %d %s", activation.StatusCode, activation.Body, resend.StatusCode, resend.Body)
			}
		}
	})
}
