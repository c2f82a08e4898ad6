package api_test

import (
	"context"
	"database/sql"
	"net/http"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
	"console/internal/store"
	"console/internal/store/storetest"
)

// rowCounts counts what retention and deletion concern, by name.
func rowCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	queries := map[string]string{
		"done jobs":          `SELECT COUNT(*) FROM jobs WHERE state = 'done' AND kind NOT IN ('sweep_sessions', 'retention')`,
		"failed jobs":        `SELECT COUNT(*) FROM jobs WHERE state = 'failed'`,
		"failed payloads":    `SELECT COUNT(*) FROM jobs WHERE state = 'failed' AND payload <> '{}'`,
		"sent emails":        `SELECT COUNT(*) FROM emails WHERE state = 'sent'`,
		"failed emails":      `SELECT COUNT(*) FROM emails WHERE state = 'failed'`,
		"failed bodies":      `SELECT COUNT(*) FROM emails WHERE state = 'failed' AND text_body <> ''`,
		"outbox":             `SELECT COUNT(*) FROM mail_outbox`,
		"sign-in attempts":   `SELECT COUNT(*) FROM sign_in_attempts`,
		"rate limits":        `SELECT COUNT(*) FROM rate_limits`,
		"throttles":          `SELECT COUNT(*) FROM throttles`,
		"links":              `SELECT COUNT(*) FROM user_tokens`,
		"users":              `SELECT COUNT(*) FROM users`,
		"groups":             `SELECT COUNT(*) FROM groups`,
		"audit events":       `SELECT COUNT(*) FROM audit_events`,
		"organizations":      `SELECT COUNT(*) FROM organizations`,
		"memberships":        `SELECT COUNT(*) FROM memberships`,
		"pending user jobs":  `SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND kind NOT IN ('sweep_sessions', 'retention')`,
		"running user jobs":  `SELECT COUNT(*) FROM jobs WHERE state = 'running' AND kind NOT IN ('sweep_sessions', 'retention')`,
		"retrying emails":    `SELECT COUNT(*) FROM emails WHERE state IN ('queued', 'retrying')`,
		"cancelled emails":   `SELECT COUNT(*) FROM emails WHERE state = 'cancelled'`,
		"sign-in as deleted": `SELECT COUNT(*) FROM sign_in_attempts WHERE lower(email) = 'gone@acme.test'`,
	}
	got := map[string]int{}
	for name, q := range queries {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got[name] = n
	}
	return got
}

// expectCounts compares the named counts only.
func expectCounts(t *testing.T, when string, got map[string]int, want map[string]int) {
	t.Helper()
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s: %d %s, want %d (all: %v)", when, got[name], name, n, got)
		}
	}
}

// TestRetention: each kind of row goes once older than its documented
// retention (service.Retention), and nothing else goes: users, groups,
// memberships, the audit trail, and what is younger.
func TestRetention(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		ctx := context.Background()
		db := storetest.Raw(t, app.DSN)
		org, adm := admin(t, app, "acme")
		invite(t, adm, "kept@acme.test", "User Managers")
		smtp.WaitFor(t, "kept@acme.test", 1, 10*time.Second)
		smtp.FailWith(550)
		invite(t, adm, "bounced@acme.test")
		waitFor(t, "the bounce", func() bool { return rowCounts(t, db)["failed emails"] == 1 })
		smtp.FailWith(0)
		app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": "kept@acme.test", "password": "wrong guess"})
		app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": "nobody@acme.test"}).
			ExpectStatus(t, http.StatusAccepted)
		keepInOutbox(t, app, org.Created.Org.ID)
		waitFor(t, "every job", func() bool {
			c := rowCounts(t, db)
			return c["pending user jobs"]+c["running user jobs"] == 0 && c["sent emails"] == 1
		})
		before := rowCounts(t, db)
		expectCounts(t, "before", before, map[string]int{"failed jobs": 1, "failed payloads": 1, "failed bodies": 1,
			"outbox": 1, "rate limits": 2, "links": 2})
		if before["done jobs"] == 0 || before["sign-in attempts"] == 0 {
			t.Fatalf("nothing to purge: %v", before)
		}
		kept := map[string]int{"users": before["users"], "groups": before["groups"], "memberships": before["memberships"],
			"audit events": before["audit events"], "organizations": 1}

		retain := func(d time.Duration, when string, want map[string]int) {
			t.Helper()
			app.Clock.Advance(d)
			if err := app.Server.Service.ApplyRetention(ctx); err != nil {
				t.Fatal(err)
			}
			got := rowCounts(t, db)
			expectCounts(t, when, got, want)
			expectCounts(t, when, got, kept)
		}
		retain(8*24*time.Hour, "after 8 days", map[string]int{"done jobs": 0, "outbox": 0, "rate limits": 0,
			"failed jobs": 1, "failed payloads": 0, "failed emails": 1, "failed bodies": 0, "sent emails": 1,
			"sign-in attempts": before["sign-in attempts"], "links": 2})
		retain(31*24*time.Hour, "after 39 days", map[string]int{"failed jobs": 0, "failed emails": 0, "sent emails": 0,
			"links": 0, "sign-in attempts": before["sign-in attempts"]})
		retain(60*24*time.Hour, "after 99 days", map[string]int{"sign-in attempts": 0})
	})
}

// TestDeletedUserIsForgotten: deleting a user removes their sign-in
// attempts, emails, Outbox mail, throttle and rate-limit keys; another
// person's stay.
func TestDeletedUserIsForgotten(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		db := storetest.Raw(t, app.DSN)
		org, adm := admin(t, app, "acme")
		goneID := invite(t, adm, "gone@acme.test")
		invite(t, adm, "kept@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "gone@acme.test", 1, "/activate")), "Gone", "a long passphrase 5").
			ExpectStatus(t, http.StatusOK)
		for _, who := range []string{"gone@acme.test", "GONE@acme.test", "kept@acme.test"} {
			app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": who, "password": "wrong guess"})
			app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": who})
		}
		keepInOutbox(t, app, org.Created.Org.ID)
		waitFor(t, "the reset emails", func() bool { return len(smtp.Messages()) >= 3 })
		before := rowCounts(t, db)
		if before["sign-in as deleted"] == 0 {
			t.Fatalf("no attempts recorded: %v", before)
		}
		adm.Do("POST", "/api/v1/users/"+goneID+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		adm.Do("DELETE", "/api/v1/users/"+goneID, map[string]string{"confirm_email": "gone@acme.test"}).ExpectStatus(t, http.StatusOK)
		after := rowCounts(t, db)
		expectCounts(t, "after deletion", after, map[string]int{"sign-in as deleted": 0, "outbox": 0,
			"throttles": before["throttles"] - 1, "rate limits": before["rate limits"] - 1})
		var emails int
		if err := db.QueryRow(`SELECT COUNT(*) FROM emails WHERE lower(recipient) = 'gone@acme.test' OR user_id = $1`, goneID).Scan(&emails); err != nil || emails != 0 {
			t.Fatalf("emails to the deleted user: %d %v", emails, err)
		}
		if err := db.QueryRow(`SELECT COUNT(*) FROM emails WHERE recipient = 'kept@acme.test'`).Scan(&emails); err != nil || emails == 0 {
			t.Fatalf("emails to the other user: %d %v", emails, err)
		}
	})
}

// keepInOutbox puts one message to gone@acme.test in the Outbox, as
// Console does without SMTP.
func keepInOutbox(t *testing.T, app *apptest.App, orgID string) {
	t.Helper()
	err := app.Server.Store.Tx(context.Background(), func(q *store.Queries) error {
		return q.InsertOutboxMail(context.Background(), orgID, &store.OutboxMail{To: "gone@acme.test", Subject: "s", Text: "t",
			CreatedAt: app.Clock.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
