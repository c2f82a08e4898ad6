package api_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/password"
	"console/internal/store"
)

// addUser puts a user straight into the store: Invited users have no
// password; others get pw.
func addUser(t *testing.T, app *apptest.App, orgID, email string, status console.Status, pw string) *console.User {
	t.Helper()
	u := &console.User{OrgID: orgID, Email: email, Status: status, CreatedAt: app.Clock.Now()}
	if pw != "" {
		u.PasswordHash, _ = password.Hash(pw)
	}
	err := app.Server.Store.Tx(context.Background(), func(q *store.Queries) error { return q.CreateUser(context.Background(), u) })
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSignInSameAnswer checks that every way of failing to sign in gets the
// same status and body, pays for exactly one password verification, and is
// recorded with its true reason for administrators.
func TestSignInSameAnswer(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		orgID := acme.Created.Org.ID
		addUser(t, app, orgID, "invited@acme.test", console.StatusInvited, "")
		addUser(t, app, orgID, "gone@acme.test", console.StatusInactive, "old password 1")
		password.VerifyDummy("warm up") // the dummy hash is built once, on first use
		cases := []struct {
			name, org, email, password string
			result                     console.SignInResult
		}{
			{"wrong slug", "acmee", acme.AdminEmail, acme.AdminPassword, console.SignInUnknownOrg},
			{"unknown email", "acme", "nobody@acme.test", acme.AdminPassword, console.SignInUnknownEmail},
			{"wrong password", "acme", acme.AdminEmail, "not the password", console.SignInWrongPassword},
			{"invited", "acme", "invited@acme.test", "anything at all", console.SignInInvited},
			{"inactive, right password", "acme", "gone@acme.test", "old password 1", console.SignInInactive},
			{"inactive, wrong password", "acme", "gone@acme.test", "guess guess", console.SignInInactive},
		}
		var first []byte
		for _, c := range cases {
			before := password.Verifications()
			r := app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": c.org, "email": c.email, "password": c.password})
			if n := password.Verifications() - before; n != 1 {
				t.Errorf("%s: %d password verifications, want exactly 1", c.name, n)
			}
			wantProblem(t, r, http.StatusUnauthorized)
			if first == nil {
				first = r.Answer()
			} else if !bytes.Equal(first, r.Answer()) {
				t.Errorf("%s: body %s differs from %s", c.name, r.Body, first)
			}
			if r.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s: failed sign-in set a cookie", c.name)
			}
		}
		attempts, err := app.Server.Store.ListSignInAttempts(context.Background(), orgID, "", 20)
		if err != nil {
			t.Fatal(err)
		}
		got := map[console.SignInResult]int{}
		for _, a := range attempts {
			got[a.Result]++
		}
		want := map[console.SignInResult]int{console.SignInUnknownEmail: 1, console.SignInWrongPassword: 1, console.SignInInvited: 1, console.SignInInactive: 2}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("recorded %d attempts with result %s, want %d (all: %v)", got[k], k, v, got)
			}
		}
	})
}

func TestNewTokenAtEverySignIn(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		first := c.Cookie("console_session")
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		second := c.Cookie("console_session")
		if first == "" || first == second {
			t.Fatalf("session token not renewed at sign-in: %q then %q", first, second)
		}
		// The session the browser had before is over: a token planted before
		// sign-in (session fixation) is worth nothing after it.
		old := app.Client(t).Do("GET", "/api/v1/me", nil, "Cookie", "console_session="+first)
		wantProblem(t, old, http.StatusUnauthorized)
		if r := c.Do("GET", "/api/v1/me", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("new session: %d", r.StatusCode)
		}
	})
}

func TestSessionCookieAttributes(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		r := app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword})
		cookies := r.Cookies()
		if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode || cookies[0].Path != "/" {
			t.Fatalf("cookie %+v: want HttpOnly, SameSite=Lax", cookies)
		}
		// Only a hash of the token is stored.
		if _, _, err := app.Server.Store.SessionByTokenHash(context.Background(), cookies[0].Value); console.KindOf(err) != console.KindNotFound {
			t.Fatalf("the raw token finds a session: stored unhashed? %v", err)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		policy := console.DefaultSessionPolicy

		idle := app.Client(t)
		idle.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		busy := app.Client(t)
		busy.SignIn("acme", acme.AdminEmail, acme.AdminPassword)

		// A session used more often than the idle timeout lives on; an idle
		// one dies.
		for elapsed := time.Duration(0); elapsed+policy.IdleTimeout/2 < policy.MaxAge; elapsed += policy.IdleTimeout / 2 {
			app.Clock.Advance(policy.IdleTimeout / 2)
			if r := busy.Do("GET", "/api/v1/me", nil); r.StatusCode != http.StatusOK {
				t.Fatalf("busy session died after %s: %d", elapsed+policy.IdleTimeout/2, r.StatusCode)
			}
		}
		wantProblem(t, idle.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)

		// Past the absolute limit, activity does not help.
		app.Clock.Advance(policy.IdleTimeout / 2)
		wantProblem(t, busy.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	})
}

func TestSessionRevocation(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		laptop, phone := app.Client(t), app.Client(t)
		laptop.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		phone.SignIn("acme", acme.AdminEmail, acme.AdminPassword)

		if r := laptop.Do("DELETE", "/api/v1/session", nil); r.StatusCode != http.StatusNoContent {
			t.Fatalf("sign out: %d %s", r.StatusCode, r.Body)
		}
		wantProblem(t, laptop.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
		if r := phone.Do("GET", "/api/v1/me", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("the other session ended too: %d", r.StatusCode)
		}

		// Ending every session of the user (as deactivation does) takes
		// effect on the very next request.
		if err := app.Server.Store.Tx(context.Background(), func(q *store.Queries) error {
			_, err := q.DeleteUserSessions(context.Background(), acme.Created.Org.ID, acme.Created.Admin.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		wantProblem(t, phone.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
	})
}
