package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/mailtest"
)

type emailRecord struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	To        string `json:"to"`
	State     string `json:"state"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
}

func userEmails(t *testing.T, c *apptest.Client, id string) []emailRecord {
	t.Helper()
	var out struct {
		Emails []emailRecord `json:"emails"`
	}
	c.Do("GET", "/api/v1/users/"+id+"/emails", nil).ExpectStatus(t, http.StatusOK).JSON(t, &out)
	return out.Emails
}

// waitEmailState polls the user's newest email until it is in state.
func waitEmailState(t *testing.T, c *apptest.Client, userID, state string) emailRecord {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		list := userEmails(t, c, userID)
		if len(list) > 0 && list[0].State == state {
			return list[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for the email to be %s: %+v", state, list)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBouncedInvitationIsShownAndRetried: a mail server's 550 fails the
// invitation for good and says why, on the user's emails and in the list
// of undelivered mail, which only settings:manage may read; a retry after
// the cause is fixed delivers the same, working link.
func TestBouncedInvitationIsShownAndRetried(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		smtp.FailWith(550)
		id := invite(t, adm, "gone@acme.test")
		failed := waitEmailState(t, adm, id, "failed")
		if failed.Kind != console.EmailInvitation || !strings.Contains(failed.LastError, "550") || failed.Attempts != 1 {
			t.Fatalf("bounced invitation recorded as %+v", failed)
		}
		var undelivered struct {
			Emails []emailRecord `json:"emails"`
		}
		adm.Do("GET", "/api/v1/emails", nil).ExpectStatus(t, http.StatusOK).JSON(t, &undelivered)
		if len(undelivered.Emails) != 1 || undelivered.Emails[0].ID != failed.ID {
			t.Fatalf("undelivered mail lists %+v", undelivered.Emails)
		}
		wantProblem(t, adm.Do("GET", "/api/v1/emails?state=bogus", nil), http.StatusUnprocessableEntity)

		// A User Manager sees the user's emails, not the operators' list.
		invite(t, adm, "manager@acme.test", "User Managers")
		smtp.FailWith(0)
		adm.Do("POST", "/api/v1/emails/"+failed.ID+"/retry", nil).ExpectStatus(t, http.StatusAccepted)
		waitEmailState(t, adm, id, "sent")
		activate(t, app, tokenOf(link(t, app, smtp, "gone@acme.test", 1, "/activate")), "Back", "a long passphrase 9").
			ExpectStatus(t, http.StatusOK)
		wantProblem(t, adm.Do("POST", "/api/v1/emails/"+failed.ID+"/retry", nil), http.StatusConflict)

		activate(t, app, tokenOf(link(t, app, smtp, "manager@acme.test", 1, "/activate")), "Manny", "manny's long passphrase").
			ExpectStatus(t, http.StatusOK)
		manager := app.Client(t)
		manager.SignIn("acme", "manager@acme.test", "manny's long passphrase")
		wantProblem(t, manager.Do("GET", "/api/v1/emails", nil), http.StatusForbidden)
		wantProblem(t, manager.Do("POST", "/api/v1/emails/"+failed.ID+"/retry", nil), http.StatusForbidden)
		if list := userEmails(t, manager, id); len(list) != 1 || list[0].State != "sent" {
			t.Fatalf("user manager sees %+v", list)
		}
		// Another organization's email is not found.
		_, other := admin(t, app, "globex")
		wantProblem(t, other.Do("POST", "/api/v1/emails/"+failed.ID+"/retry", nil), http.StatusNotFound)
		wantProblem(t, other.Do("GET", "/api/v1/users/"+id+"/emails", nil), http.StatusNotFound)
	})
}

// TestLostAcknowledgementKeepsDeliveredLink: the mail server takes the
// invitation and the password reset but the connection drops before it
// says so; Console retries. Every copy carries the same link, and the
// link the person already received works.
func TestLostAcknowledgementKeepsDeliveredLink(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		smtp.HangUpAfterData(true)
		id := invite(t, adm, "lucky@acme.test")
		first := link(t, app, smtp, "lucky@acme.test", 1, "/activate")
		waitEmailState(t, adm, id, "retrying")
		smtp.HangUpAfterData(false)
		app.Clock.Advance(time.Minute) // past the retry's back-off
		waitEmailState(t, adm, id, "sent")
		if second := link(t, app, smtp, "lucky@acme.test", 2, "/activate"); second != first {
			t.Fatalf("the retry sent another link:\n%s\n%s", first, second)
		}
		activate(t, app, tokenOf(first), "Lucky", "a long passphrase 7").ExpectStatus(t, http.StatusOK)

		smtp.HangUpAfterData(true)
		app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": "lucky@acme.test"}).
			ExpectStatus(t, http.StatusAccepted)
		reset := link(t, app, smtp, "lucky@acme.test", 3, "/reset-password")
		waitEmailState(t, adm, id, "retrying")
		smtp.HangUpAfterData(false)
		app.Clock.Advance(time.Minute)
		waitEmailState(t, adm, id, "sent")
		if again := link(t, app, smtp, "lucky@acme.test", 4, "/reset-password"); again != reset {
			t.Fatalf("the retry sent another reset link")
		}
		app.Client(t).Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "a new long passphrase 8"}).
			ExpectStatus(t, http.StatusOK)
	})
}

// TestResendCancelsQueuedInvitation: while the mail server is down, a
// resend replaces the queued invitation; once it is back, only the new
// one goes out, and the old one is recorded as cancelled.
func TestResendCancelsQueuedInvitation(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		smtp.FailWith(451)
		id := invite(t, adm, "patient@acme.test")
		waitEmailState(t, adm, id, "retrying")
		adm.Do("POST", "/api/v1/users/"+id+"/invitation/resend", nil).ExpectStatus(t, http.StatusOK)
		smtp.FailWith(0)
		waitEmailState(t, adm, id, "sent")
		app.Clock.Advance(time.Minute)
		deadline := time.Now().Add(10 * time.Second)
		for {
			list := userEmails(t, adm, id)
			if len(list) == 2 && list[1].State == "cancelled" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the replaced invitation: %+v", list)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := len(smtp.WaitFor(t, "patient@acme.test", 1, time.Second)); n != 1 {
			t.Fatalf("%d invitations arrived, want 1", n)
		}
		activate(t, app, tokenOf(link(t, app, smtp, "patient@acme.test", 1, "/activate")), "Pat", "a long passphrase 6").
			ExpectStatus(t, http.StatusOK)
	})
}
