package api_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

func TestActivationLinks(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")

		// Used once; a second use, even racing the first, fails.
		invite(t, adm, "once@acme.test")
		token := tokenOf(link(t, app, smtp, "once@acme.test", 1, "/activate"))
		codes := make(chan int, 4)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { codes <- activate(t, app, token, "Once", "a long passphrase 1").StatusCode })
		}
		wg.Wait()
		close(codes)
		wins := 0
		for c := range codes {
			if c == http.StatusOK {
				wins++
			} else if c != http.StatusNotFound {
				t.Errorf("concurrent activation answered %d", c)
			}
		}
		if wins != 1 {
			t.Fatalf("%d concurrent activations won, want exactly 1", wins)
		}
		p := wantProblem(t, activate(t, app, token, "Again", "a long passphrase 2"), http.StatusNotFound)
		if p.Detail == "" {
			t.Errorf("dead link without explanation")
		}

		// Expired after the organization's 7 days; shown as expired; resend
		// revives with a fresh link and kills the old one.
		id := invite(t, adm, "late@acme.test")
		old := tokenOf(link(t, app, smtp, "late@acme.test", 1, "/activate"))
		app.Clock.Advance(7*24*time.Hour + time.Minute)
		wantProblem(t, activate(t, app, old, "Late", "a long passphrase 3"), http.StatusNotFound)
		adm.SignIn("acme", "admin@acme.test", "correct horse acme") // the admin's session aged out too
		if u := getUser(t, adm, id); !u.InvitationExpired || u.Status != "invited" {
			t.Fatalf("expired invitation shows as %+v", u)
		}
		var list struct {
			Users []versioned `json:"users"`
		}
		adm.Do("GET", "/api/v1/users?status=expired", nil).ExpectStatus(t, http.StatusOK).JSON(t, &list)
		if len(list.Users) != 1 || list.Users[0].ID != id {
			t.Fatalf("status=expired lists %+v", list.Users)
		}
		adm.Do("POST", "/api/v1/users/"+id+"/invitation/resend", nil).ExpectStatus(t, http.StatusOK)
		fresh := tokenOf(link(t, app, smtp, "late@acme.test", 2, "/activate"))
		if u := getUser(t, adm, id); u.InvitationExpired {
			t.Errorf("resent invitation still expired")
		}
		activate(t, app, fresh, "Late", "a long passphrase 3").ExpectStatus(t, http.StatusOK)

		// Resend before expiry: the first link dies at once.
		id = invite(t, adm, "twice@acme.test")
		first := tokenOf(link(t, app, smtp, "twice@acme.test", 1, "/activate"))
		adm.Do("POST", "/api/v1/users/"+id+"/invitation/resend", nil).ExpectStatus(t, http.StatusOK)
		wantProblem(t, activate(t, app, first, "Twice", "a long passphrase 4"), http.StatusNotFound)
		second := tokenOf(link(t, app, smtp, "twice@acme.test", 2, "/activate"))

		// Cancel removes the pending user and its link.
		adm.Do("DELETE", "/api/v1/users/"+id+"/invitation", nil).ExpectStatus(t, http.StatusNoContent)
		wantProblem(t, adm.Do("GET", "/api/v1/users/"+id, nil), http.StatusNotFound)
		wantProblem(t, activate(t, app, second, "Twice", "a long passphrase 4"), http.StatusNotFound)
	})
}

func TestInviteValidation(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		invite(t, adm, "dup@acme.test")
		p := wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "DUP@acme.test"}), http.StatusConflict)
		if p.Detail != "A user with this email already exists in your organization." {
			t.Errorf("duplicate: %+v", p)
		}
		p = wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "not an email"}), http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "email" {
			t.Errorf("bad email: %+v", p)
		}
		p = wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "x@acme.test", "groups": []string{"Nope"}}), http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "groups" {
			t.Errorf("unknown group: %+v", p)
		}
		// A failed invitation leaves no user and sends nothing.
		var list struct {
			Users []versioned `json:"users"`
		}
		adm.Do("GET", "/api/v1/users?q=x@acme", nil).JSON(t, &list)
		if len(list.Users) != 0 {
			t.Errorf("failed invitation left %+v", list.Users)
		}
		time.Sleep(100 * time.Millisecond)
		for _, m := range smtp.Messages() {
			if m.To[0] == "x@acme.test" {
				t.Errorf("failed invitation sent mail")
			}
		}
	})
}
