package main

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/httpx"
	"console/internal/mailtest"
	"console/internal/store/storetest"
)

// userPassword is every test user's password, accepted by the policy.
const userPassword = "plum velvet harbour quietly 83"

// TestInstancesBehaveAsOne starts two `console serve` processes, A and B,
// on one PostgreSQL schema, both mailing one SMTP catcher, and proves that
// they behave as one Console: what A revokes B refuses on its very next
// request (after B has served it, so any cache of B's is warm), each email
// goes out once, each periodic job runs once, and sign-in throttling
// counts failures across both. SQLite serves one process only, so this
// test runs on PostgreSQL alone (skipped without CONSOLE_TEST_POSTGRES,
// failed without it when CONSOLE_TEST_REQUIRE lists postgres).
func TestInstancesBehaveAsOne(t *testing.T) {
	_, dsn := storetest.OpenPostgres(t)
	const adminPassword = "admin's long and private phrase"
	if out, err := runConsole(t, adminPassword+"\n", env("CONSOLE_DB", dsn), "org", "create", "--slug", "acme",
		"--name", "Acme Inc", "--admin-email", "admin@acme.test", "--admin-password-stdin"); err != nil {
		t.Fatalf("org create: %v\n%s", err, out)
	}
	mails := mailtest.Start(t)
	a, b := serveProcess(t, dsn, mails.URL()), serveProcess(t, dsn, mails.URL())
	adm := a.Client(t) // one browser: its cookie reaches both processes, as behind a load balancer
	adm.SignIn("acme", "admin@acme.test", adminPassword)
	admA, admB := adm.On(a), adm.On(b)

	t.Run("session signed out on A is refused by B", func(t *testing.T) {
		newUser(t, admA, b, mails, "signout@acme.test")
		u := a.Client(t)
		u.SignIn("acme", "signout@acme.test", userPassword)
		token := u.Cookie(httpx.SessionCookie)
		want(t, withToken(t, b, token), http.StatusOK, "B serves the session before the sign-out (warm)")
		want(t, u.Do("DELETE", "/api/v1/session", nil), http.StatusNoContent, "sign-out on A")
		want(t, withToken(t, b, token), http.StatusUnauthorized, "B refuses the session signed out on A on its next request")
	})

	t.Run("password change on A ends the other session on B", func(t *testing.T) {
		newUser(t, admA, a, mails, "passwd@acme.test")
		kept, ended := a.Client(t), a.Client(t) // two browsers, two sessions
		kept.SignIn("acme", "passwd@acme.test", userPassword)
		ended.SignIn("acme", "passwd@acme.test", userPassword)
		keptToken, endedToken := kept.Cookie(httpx.SessionCookie), ended.Cookie(httpx.SessionCookie)
		want(t, withToken(t, b, keptToken), http.StatusOK, "B serves the session that changes the password (warm)")
		want(t, withToken(t, b, endedToken), http.StatusOK, "B serves the other session before the change (warm)")
		want(t, kept.Do("POST", "/api/v1/me/password", map[string]string{"current_password": userPassword,
			"new_password": "a different and long phrase 17"}), http.StatusNoContent, "password change on A")
		want(t, withToken(t, b, endedToken), http.StatusUnauthorized, "B refuses the other session, ended by the password change on A, on its next request")
		want(t, withToken(t, b, keptToken), http.StatusOK, "B still serves the session that changed the password")
	})

	t.Run("user deactivated on A is refused by B", func(t *testing.T) {
		id, _ := newUser(t, admA, b, mails, "leaver@acme.test")
		u := b.Client(t)
		u.SignIn("acme", "leaver@acme.test", userPassword)
		token := u.Cookie(httpx.SessionCookie)
		want(t, withToken(t, b, token), http.StatusOK, "B serves the user's session before the deactivation (warm)")
		want(t, admA.Do("POST", "/api/v1/users/"+id+"/deactivate", nil), http.StatusOK, "deactivation on A")
		want(t, withToken(t, b, token), http.StatusUnauthorized, "B refuses the session of the user deactivated on A on its next request")
	})

	// Each case gives a user users:read through a group, checks that B
	// lets the user list users and that B's authz check says allowed, then
	// takes the permission away through A.
	for _, c := range []struct {
		key    string // names the case's group and user
		name   string
		change func(userID string) map[string]any
	}{
		{"perm", "permission removed from the group on A", func(string) map[string]any {
			return map[string]any{"permissions": []string{}}
		}},
		{"member", "user removed from the group on A", func(userID string) map[string]any {
			return map[string]any{"remove_members": []string{userID}}
		}},
	} {
		t.Run(c.name+" is refused by B", func(t *testing.T) {
			r := want(t, admA.Do("POST", "/api/v1/groups", map[string]any{"name": "Readers " + c.key,
				"permissions": []string{console.PermUsersRead}}), http.StatusCreated, "create a group granting users:read")
			var g struct{ ID string }
			r.JSON(t, &g)
			id, u := newUser(t, admA, a, mails, "reader-"+c.key+"@acme.test", g.ID)
			onB := u.On(b)
			check := map[string]string{"user": id, "permission": console.PermUsersRead}
			want(t, onB.Do("GET", "/api/v1/users?limit=1", nil), http.StatusOK, "B lets the group's member list users (warm)")
			wantAllowed(t, admB.Do("POST", "/api/v1/authz/check", check), true, "B's authz check before the change (warm)")
			want(t, admA.PatchCurrent("/api/v1/groups/"+g.ID, c.change(id)), http.StatusOK, "the change on A")
			want(t, onB.Do("GET", "/api/v1/users?limit=1", nil), http.StatusForbidden, "B refuses users:read on its next request")
			wantAllowed(t, admB.Do("POST", "/api/v1/authz/check", check), false, "B's authz check after the change")
		})
	}

	t.Run("each email delivered once", func(t *testing.T) {
		const n = 20
		var invited []string
		for i := range n {
			email := "invitee-" + strconv.Itoa(i) + "@acme.test"
			via := []*apptest.Client{admA, admB}[i%2]
			want(t, via.Do("POST", "/api/v1/users/invite", map[string]any{"email": email}), http.StatusCreated, "invite "+email)
			invited = append(invited, email)
		}
		for _, email := range invited {
			mails.WaitFor(t, email, 1, 15*time.Second)
		}
		sent := waitMailQuiet(t, dsn)
		// Nothing is queued or in flight any more; a duplicate would now
		// come only from a process sending a job done by the other. Watch
		// for one during a worker's poll interval and a half.
		for deadline := time.Now().Add(1500 * time.Millisecond); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if got := mails.Count(); got != sent {
				break
			}
		}
		perRecipient := map[string]int{}
		for _, m := range mails.Messages() {
			for _, to := range m.To {
				perRecipient[strings.ToLower(to)]++
			}
		}
		for _, email := range invited {
			if perRecipient[email] != 1 {
				t.Errorf("%s received %d invitations, want exactly 1", email, perRecipient[email])
			}
		}
		for to, k := range perRecipient {
			if k != 1 {
				t.Errorf("%s received %d messages, want exactly 1 (each user was invited once)", to, k)
			}
		}
		if got := mails.Count(); got != sent {
			t.Errorf("the catcher received %d messages, want %d: one per email the database records as sent", got, sent)
		}
	})

	// TestPeriodicJobsOnceAcrossProcesses proves this with three processes
	// over two periods; here, cheaply, the current periods of both
	// processes' schedules ran once between them.
	t.Run("each periodic job runs once", func(t *testing.T) {
		raw := storetest.Raw(t, dsn)
		deadline := time.Now().Add(20 * time.Second)
		for {
			var keys, done, rows int
			if err := raw.QueryRow(`SELECT COUNT(DISTINCT unique_key), COUNT(*) FILTER (WHERE state = 'done' AND attempts = 1), COUNT(*)
				FROM jobs WHERE kind IN ('sweep_sessions', 'retention')`).Scan(&keys, &done, &rows); err != nil {
				t.Fatal(err)
			}
			if keys >= 2 && done == rows && rows == keys {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("periodic jobs: %d periods, %d rows, %d done on their first claim; want one row per period, each done on its first claim",
					keys, rows, done)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("sign-in throttling counts failures on both", func(t *testing.T) {
		newUser(t, admA, b, mails, "target@acme.test")
		free := console.AccountThrottle.Free + 1 // failures answered 401 before the first wait
		attempt := func(app *apptest.App, email, pw string) *apptest.Response {
			return app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": email, "password": pw})
		}
		// One instance: the baseline, on an account of its own.
		for i := range free {
			want(t, attempt(a, "baseline@acme.test", "wrong guess "+strconv.Itoa(i)), http.StatusUnauthorized,
				"failure "+strconv.Itoa(i+1)+" on one instance")
		}
		wantThrottled(t, attempt(a, "baseline@acme.test", "wrong guess"), "one instance, after "+strconv.Itoa(free)+" failures")

		// Two instances: the same failures alternated, A, B, A, B, A.
		for i := range free {
			app := []*apptest.App{a, b}[i%2]
			want(t, attempt(app, "target@acme.test", "wrong guess "+strconv.Itoa(i)), http.StatusUnauthorized,
				"failure "+strconv.Itoa(i+1)+", alternated between A and B")
		}
		wrongB := wantThrottled(t, attempt(b, "target@acme.test", "wrong guess"), "B, after failures split between A and B")
		wrongA := wantThrottled(t, attempt(a, "target@acme.test", "wrong guess"), "A, after failures split between A and B")
		rightA := wantThrottled(t, attempt(a, "target@acme.test", userPassword), "A, the right password while throttled")
		rightB := wantThrottled(t, attempt(b, "target@acme.test", userPassword), "B, the right password while throttled")
		for _, r := range []*apptest.Response{wrongA, rightA, rightB} {
			if got, want := normalized(r), normalized(wrongB); got != want {
				t.Errorf("a throttled answer differs from another (the right password must read like a wrong one):\n%s\nwant\n%s", got, want)
			}
		}
	})
}

// serveProcess runs `console serve` on dsn, mailing through smtpURL, as a
// process of its own (see startProcess). Only the address is set on the
// App it returns: the client needs nothing else.
func serveProcess(t *testing.T, dsn, smtpURL string) *apptest.App {
	t.Helper()
	url := startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--smtp-url", smtpURL)
	return &apptest.App{URL: url, DSN: dsn}
}

// activationToken finds the token of an invitation's activation link.
var activationToken = regexp.MustCompile(`/activate\?token=([^\s"'<>&]+)`)

// newUser invites email into groups as inviter, waits for the invitation
// at the catcher and accepts it as a new browser on app. It returns the
// user's id and that browser, signed in, with userPassword set.
func newUser(t *testing.T, inviter *apptest.Client, app *apptest.App, mails *mailtest.Catcher, email string, groups ...string) (string, *apptest.Client) {
	t.Helper()
	if groups == nil {
		groups = []string{}
	}
	r := want(t, inviter.Do("POST", "/api/v1/users/invite", map[string]any{"email": email, "groups": groups}),
		http.StatusCreated, "invite "+email)
	var u struct{ ID string }
	r.JSON(t, &u)
	msg := mails.WaitFor(t, email, 1, 15*time.Second)[0]
	m := activationToken.FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("invitation to %s: want an activation link in\n%s", email, msg.Text)
	}
	c := app.Client(t)
	r = want(t, c.Do("POST", "/api/v1/activate", map[string]string{"token": m[1], "name": "Pat Tester", "password": userPassword}),
		http.StatusOK, "accept the invitation of "+email)
	var s struct {
		CSRFToken string `json:"csrf_token"`
	}
	r.JSON(t, &s)
	c.CSRF = s.CSRFToken
	return u.ID, c
}

// withToken asks app for GET /api/v1/me as a client holding nothing but
// the session token: what a browser still holding it would send.
func withToken(t *testing.T, app *apptest.App, token string) *apptest.Response {
	t.Helper()
	return app.Client(t).Do("GET", "/api/v1/me", nil, "Cookie", httpx.SessionCookie+"="+token)
}

// want fails the test unless r has status; what says what was asked.
func want(t *testing.T, r *apptest.Response, status int, what string) *apptest.Response {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s: %s %s answered %d, want %d; body %s", what, r.Request.Method, r.Request.URL, r.StatusCode, status, r.Body)
	}
	return r
}

// wantAllowed fails the test unless r is an authz check answering allowed.
func wantAllowed(t *testing.T, r *apptest.Response, allowed bool, what string) {
	t.Helper()
	want(t, r, http.StatusOK, what)
	var out struct{ Allowed bool }
	r.JSON(t, &out)
	if out.Allowed != allowed {
		t.Fatalf("%s: allowed is %v, want %v; body %s", what, out.Allowed, allowed, r.Body)
	}
}

// wantThrottled fails the test unless r is a 429 whose Retry-After waits
// at most the account's first wait.
func wantThrottled(t *testing.T, r *apptest.Response, what string) *apptest.Response {
	t.Helper()
	want(t, r, http.StatusTooManyRequests, what+": throttled")
	limit := int(console.AccountThrottle.FirstWait / time.Second)
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > limit {
		t.Fatalf("%s: Retry-After %q, want 1 to %d seconds", what, r.Header.Get("Retry-After"), limit)
	}
	return r
}

// normalized is a problem answer without its request id and numbers (the
// wait shortens between two answers): what two refusals that must read the
// same are compared by.
func normalized(r *apptest.Response) string {
	return r.Header.Get("Content-Type") + " " + regexp.MustCompile(`\d+`).ReplaceAllString(string(r.Answer()), "N")
}

// waitMailQuiet waits until no email is queued, retrying or being sent,
// checks that each went to the SMTP server exactly once, and returns how
// many were sent.
func waitMailQuiet(t *testing.T, dsn string) int {
	t.Helper()
	raw := storetest.Raw(t, dsn)
	deadline := time.Now().Add(15 * time.Second)
	for {
		var busy, sent, once, all int
		err := raw.QueryRow(`SELECT
			(SELECT COUNT(*) FROM jobs WHERE kind = 'send_email' AND state IN ('pending', 'running')),
			COUNT(*) FILTER (WHERE state = 'sent'), COUNT(*) FILTER (WHERE state = 'sent' AND mailed = 1), COUNT(*)
			FROM emails`).Scan(&busy, &sent, &once, &all)
		if err != nil {
			t.Fatal(err)
		}
		if busy == 0 && sent == all {
			if once != sent {
				t.Errorf("%d of %d emails were handed to the SMTP server more than once, want each once", sent-once, sent)
			}
			return sent
		}
		if time.Now().After(deadline) {
			t.Fatalf("emails: %d jobs still pending or running, %d of %d sent; want all sent", busy, sent, all)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
