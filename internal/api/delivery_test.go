package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/mailtest"
	"console/internal/store/storetest"
)

type emailRecord struct {
	Retryable bool   `json:"retryable"`
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
		smtp.FailWith(0)
		invite(t, adm, "manager@acme.test", "User Managers")
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
		if got := userEmails(t, adm, id)[0]; got.Attempts != 2 {
			t.Errorf("two tries recorded as %d", got.Attempts)
		}
		copies := smtp.WaitFor(t, "lucky@acme.test", 2, time.Second)
		if a, b := messageID(copies[0]), messageID(copies[1]); a == "" || a != b {
			t.Errorf("the copies' Message-IDs differ: %q %q", a, b)
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

		// The answer is lost every time, yet the person uses the link: the
		// email reached them, and is recorded sent, not cancelled.
		smtp.HangUpAfterData(true)
		always := invite(t, adm, "always@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "always@acme.test", 1, "/activate")), "Al", "a long passphrase 4").
			ExpectStatus(t, http.StatusOK)
		app.Clock.Advance(time.Minute)
		if got := waitEmailState(t, adm, always, "sent"); !strings.Contains(got.LastError, "link was used") {
			t.Errorf("email delivered despite lost answers recorded as %+v", got)
		}
	})
}

// messageID returns the Message-ID header of a received message.
func messageID(r mailtest.Received) string {
	for _, line := range strings.Split(string(r.Raw), "\r\n") {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Message-ID") {
			return strings.TrimSpace(value)
		}
	}
	return ""
}

// TestResendCancelsQueuedInvitation: while the mail server is down, a
// resend replaces the queued invitation, which is cancelled at once
// (keeping its count of tries) and cannot be retried; once the server is
// back, only the new one goes out.
func TestResendCancelsQueuedInvitation(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		smtp.FailWith(451)
		id := invite(t, adm, "patient@acme.test")
		waitEmailState(t, adm, id, "retrying")
		app.Clock.Advance(time.Minute)
		deadline := time.Now().Add(10 * time.Second)
		for userEmails(t, adm, id)[0].Attempts < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("tries are not counted: %+v", userEmails(t, adm, id))
			}
			time.Sleep(20 * time.Millisecond)
		}
		adm.Do("POST", "/api/v1/users/"+id+"/invitation/resend", nil).ExpectStatus(t, http.StatusOK)
		list := userEmails(t, adm, id)
		if len(list) != 2 || list[1].State != "cancelled" || list[1].Attempts < 2 {
			t.Fatalf("right after the resend, the replaced invitation is %+v", list)
		}
		wantProblem(t, adm.Do("POST", "/api/v1/emails/"+list[1].ID+"/retry", nil), http.StatusConflict)
		smtp.FailWith(0)
		waitEmailState(t, adm, id, "sent")
		if n := len(smtp.WaitFor(t, "patient@acme.test", 1, time.Second)); n != 1 {
			t.Fatalf("%d invitations arrived, want 1", n)
		}
		activate(t, app, tokenOf(link(t, app, smtp, "patient@acme.test", 1, "/activate")), "Pat", "a long passphrase 6").
			ExpectStatus(t, http.StatusOK)
	})
}

// TestEmailListPagesAndFilters: the operators' list pages with a cursor,
// filters by state, and refuses what it cannot read.
func TestEmailListPagesAndFilters(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		smtp.FailWith(550)
		ids := []string{invite(t, adm, "a@acme.test"), invite(t, adm, "b@acme.test"), invite(t, adm, "c@acme.test")}
		for _, id := range ids {
			waitEmailState(t, adm, id, "failed")
		}
		type page struct {
			Emails     []emailRecord `json:"emails"`
			NextCursor string        `json:"next_cursor"`
		}
		var seen []string
		cursor := ""
		for range 4 {
			var p page
			adm.Do("GET", "/api/v1/emails?state=failed&limit=2&cursor="+cursor, nil).ExpectStatus(t, http.StatusOK).JSON(t, &p)
			for _, e := range p.Emails {
				seen = append(seen, e.To)
			}
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		if strings.Join(seen, " ") != "c@acme.test b@acme.test a@acme.test" {
			t.Fatalf("pages listed %v", seen)
		}
		var sent page
		adm.Do("GET", "/api/v1/emails?state=sent", nil).ExpectStatus(t, http.StatusOK).JSON(t, &sent)
		if len(sent.Emails) != 0 {
			t.Fatalf("state=sent lists %+v", sent.Emails)
		}
		for _, q := range []string{"state=bogus", "limit=0", "limit=abc", "limit=100000", "cursor=abc"} {
			if p := wantProblem(t, adm.Do("GET", "/api/v1/emails?"+q, nil), http.StatusUnprocessableEntity); len(p.Errors) != 1 {
				t.Errorf("%s: %+v", q, p)
			}
		}
	})
}

// TestOutboxEmailIsKeptNotSent: without SMTP an email goes to the Outbox
// and is recorded as kept, undelivered, not as sent.
func TestOutboxEmailIsKeptNotSent(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			org, adm := admin(t, app, "acme")
			id := invite(t, adm, "dev@acme.test")
			kept := waitEmailState(t, adm, id, "kept")
			if !kept.Retryable || !strings.Contains(kept.LastError, "Outbox") {
				t.Fatalf("kept email: %+v", kept)
			}
			var undelivered struct {
				Emails []emailRecord `json:"emails"`
			}
			adm.Do("GET", "/api/v1/emails", nil).ExpectStatus(t, http.StatusOK).JSON(t, &undelivered)
			if len(undelivered.Emails) != 1 || undelivered.Emails[0].State != "kept" {
				t.Fatalf("undelivered: %+v", undelivered.Emails)
			}
			// Its link, read from the Outbox, is used; a retry is then
			// refused (it would bring a dead link) and the email is not
			// claimed to have reached anyone.
			page, err := app.Server.Store.ListOutbox(context.Background(), org.Created.Org.ID, "", 10)
			if err != nil || len(page.Mail) != 1 {
				t.Fatalf("outbox: %v %v", page, err)
			}
			outbox := page.Mail
			token := tokenOf(mailtest.Received{Text: outbox[0].Text}.Link(app.URL + "/activate?token="))
			activate(t, app, token, "Dev", "a long passphrase 3").ExpectStatus(t, http.StatusOK)
			wantProblem(t, adm.Do("POST", "/api/v1/emails/"+kept.ID+"/retry", nil), http.StatusConflict)
			if got := waitEmailState(t, adm, id, "kept"); got.Retryable {
				t.Fatalf("after its link was used: %+v", got)
			}
		})
	}
}

// TestUsedLinkIsNotSentAgain: without a mail server an invitation is kept
// in the Outbox; once its link has been used (passed on by hand), it is
// no longer offered for a retry, and a retry is refused: it would only
// bring a dead link.
func TestUsedLinkIsNotSentAgain(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		id := invite(t, adm, "bob@acme.test")
		kept := waitEmailState(t, adm, id, "kept")
		if !kept.Retryable {
			t.Fatalf("a kept invitation with a live link is not retryable: %+v", kept)
		}
		page, err := app.Server.Store.ListOutbox(context.Background(), acme.Created.Org.ID, "", 10)
		if err != nil || len(page.Mail) != 1 {
			t.Fatalf("outbox: %v, %v", page, err)
		}
		mails := page.Mail
		_, token, _ := strings.Cut(strings.Fields(mails[0].Text[strings.Index(mails[0].Text, "/activate?token="):])[0], "?token=")
		activate(t, app, token, "Bob", "bob's long passphrase").ExpectStatus(t, http.StatusOK)

		if list := userEmails(t, adm, id); len(list) != 1 || list[0].Retryable {
			t.Errorf("after its link was used the invitation is %+v", list)
		}
		p := wantProblem(t, adm.Do("POST", "/api/v1/emails/"+kept.ID+"/retry", nil), http.StatusConflict)
		if !strings.Contains(p.Detail, "already used") {
			t.Errorf("the refusal says %q", p.Detail)
		}
	})
}
