package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/mailtest"
)

// behindProxy runs fn on each engine behind a trusted proxy, so that
// clients can come from any address, with the clock frozen: how long a
// test takes does not change what it sees.
func behindProxy(t *testing.T, fn func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher)) {
	apptest.EachEngineBehindProxy(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		app.Clock.Freeze()
		fn(t, app, smtp)
	})
}

// signInAs tries to sign in from address ip.
func signInAs(app *apptest.App, t *testing.T, ip, org, email, password string) *apptest.Response {
	return app.Client(t).From(ip).Do("POST", "/api/v1/session", map[string]string{"org": org, "email": email, "password": password})
}

// retryAfter checks that r is a 429 problem with Retry-After and returns
// the wait.
func retryAfter(t *testing.T, r *apptest.Response) time.Duration {
	t.Helper()
	wantProblem(t, r, http.StatusTooManyRequests)
	s, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || s <= 0 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	return time.Duration(s) * time.Second
}

// TestAccountThrottle guesses one account's password from changing
// addresses, so that only the account's throttle applies: the 5th wrong
// password brings a wait, the waits grow, the 10th locks the account for
// 15 minutes, and an account that does not exist is answered exactly
// alike. The true reason "locked" is recorded.
func TestAccountThrottle(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		ip := 0
		guess := func(email string) *apptest.Response {
			ip++
			return signInAs(app, t, fmt.Sprintf("198.51.100.%d", ip), "acme", email, "wrong guess")
		}
		var waits []time.Duration
		for failures := 0; failures < 10; {
			real, ghost := guess(acme.AdminEmail), guess("ghost@acme.test")
			if ghost.StatusCode != real.StatusCode || !bytes.Equal(real.Answer(), ghost.Answer()) || ghost.Header.Get("Retry-After") != real.Header.Get("Retry-After") {
				t.Fatalf("after %d failures: %d %s for the account, %d %s for a stranger", failures, real.StatusCode, real.Body, ghost.StatusCode, ghost.Body)
			}
			if real.StatusCode == http.StatusUnauthorized {
				failures++
				continue
			}
			wait := retryAfter(t, real)
			waits = append(waits, wait)
			app.Clock.Advance(wait)
		}
		want := []time.Duration{15 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}
		if fmt.Sprint(waits) != fmt.Sprint(want) {
			t.Errorf("waits %v, want %v", waits, want)
		}
		if wait := retryAfter(t, guess(acme.AdminEmail)); wait != 15*time.Minute {
			t.Errorf("after 10 failures: locked for %s, want 15m", wait)
		}
		// While locked, even the right password is refused unchecked.
		if r := signInAs(app, t, "203.0.113.9", "acme", acme.AdminEmail, acme.AdminPassword); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password while locked: %d", r.StatusCode)
		}
		attempts, err := app.Server.Store.ListSignInAttempts(context.Background(), acme.Created.Org.ID, acme.Created.Admin.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(attempts) == 0 || attempts[0].Result != console.SignInLocked {
			t.Errorf("latest attempt %+v, want result locked", attempts[0])
		}
		app.Clock.Advance(15 * time.Minute)
		signInAs(app, t, "203.0.113.9", "acme", acme.AdminEmail, acme.AdminPassword).ExpectStatus(t, http.StatusOK)
	})
}

// TestSuccessClearsAccount: failures are counted in a row; a success
// starts the count afresh.
func TestSuccessClearsAccount(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		for round := range 3 {
			for n := range 4 {
				wantProblem(t, signInAs(app, t, "198.51.100.1", "acme", acme.AdminEmail, fmt.Sprint("guess ", round, n)), http.StatusUnauthorized)
			}
			signInAs(app, t, "198.51.100.1", "acme", acme.AdminEmail, acme.AdminPassword).ExpectStatus(t, http.StatusOK)
		}
	})
}

// TestLockedAccountCanReset: a stranger who locks an account cannot keep
// its owner out: "Forgot password" still works, and the reset lifts the
// lock.
func TestLockedAccountCanReset(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		for n := 1; n <= 10; n++ {
			r := signInAs(app, t, "198.51.100.66", "acme", acme.AdminEmail, "stranger's guess")
			if r.StatusCode == http.StatusTooManyRequests {
				app.Clock.Advance(retryAfter(t, r))
				n--
			}
		}
		retryAfter(t, signInAs(app, t, "203.0.113.5", "acme", acme.AdminEmail, acme.AdminPassword))
		owner := app.Client(t).From("203.0.113.5")
		owner.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": acme.AdminEmail}).ExpectStatus(t, http.StatusAccepted)
		reset := link(t, app, smtp, acme.AdminEmail, 1, "/reset-password")
		owner.Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "a fresh start at last"}).ExpectStatus(t, http.StatusOK)
		signInAs(app, t, "203.0.113.5", "acme", acme.AdminEmail, "a fresh start at last").ExpectStatus(t, http.StatusOK)
	})
}

// TestAddressThrottle: 100 sign-ins to different accounts from one
// address are slowed well before the 100th; another address is not, and
// a busy office signing in successfully is not slowed at all.
func TestAddressThrottle(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		refusedAt := 0
		for n := 1; n <= 100; n++ {
			r := signInAs(app, t, "192.0.2.10", "acme", fmt.Sprintf("user%d@acme.test", n), "Summer2026!")
			if r.StatusCode == http.StatusTooManyRequests {
				retryAfter(t, r)
				refusedAt = n
				break
			}
			wantProblem(t, r, http.StatusUnauthorized)
		}
		if refusedAt == 0 || refusedAt > 30 {
			t.Fatalf("first throttled sign-in from one address: #%d, want one by #30", refusedAt)
		}
		// The same /64 is the same client; another address is not slowed.
		for n := range 25 {
			signInAs(app, t, "2001:db8:1:2::99", "acme", fmt.Sprintf("b%d@acme.test", n), "x")
		}
		retryAfter(t, signInAs(app, t, "2001:db8:1:2:ffff::1", "acme", "c@acme.test", "x"))
		signInAs(app, t, "192.0.2.11", "acme", acme.AdminEmail, acme.AdminPassword).ExpectStatus(t, http.StatusOK)
		for range 40 {
			signInAs(app, t, "192.0.2.12", "acme", acme.AdminEmail, acme.AdminPassword).ExpectStatus(t, http.StatusOK)
		}
	})
}

// TestThrottleConcurrentGuesses fires 20 guesses at one account at once:
// the count is taken before the password is checked, so no more get
// through than one after the other would.
func TestThrottleConcurrentGuesses(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for n := range 20 {
			wg.Go(func() {
				r := signInAs(app, t, fmt.Sprintf("198.51.100.%d", n+1), "acme", acme.AdminEmail, "parallel guess")
				mu.Lock()
				codes[r.StatusCode]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if codes[http.StatusUnauthorized] != 5 || codes[http.StatusTooManyRequests] != 15 {
			t.Errorf("answers %v, want 5 checked guesses and 15 refused", codes)
		}
	})
}

// TestThrottleSharedByInstances: a second Console on the same database
// counts the failures the first saw.
func TestThrottleSharedByInstances(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		other := apptest.StartOn(t, app.DSN, apptest.Options{TrustedProxies: "127.0.0.1"})
		for n := range 5 {
			wantProblem(t, signInAs(app, t, "198.51.100.1", "acme", acme.AdminEmail, fmt.Sprint("guess ", n)), http.StatusUnauthorized)
		}
		retryAfter(t, signInAs(other, t, "198.51.100.2", "acme", acme.AdminEmail, acme.AdminPassword))
	})
}

// TestLinkGuessingThrottled: dead activation, reset and setup links
// presented from one address are counted, and the address is slowed.
func TestLinkGuessingThrottled(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		app.CreateOrg(t, "acme")
		for _, try := range []func(c *apptest.Client, n int) *apptest.Response{
			func(c *apptest.Client, n int) *apptest.Response {
				return c.Do("POST", "/api/v1/password/reset", map[string]string{"token": fmt.Sprint("guess", n), "password": "a long new passphrase"})
			},
			func(c *apptest.Client, n int) *apptest.Response {
				return c.Do("POST", "/api/v1/activate", map[string]string{"token": fmt.Sprint("guess", n), "name": "X", "password": "a long new passphrase"})
			},
			func(c *apptest.Client, n int) *apptest.Response {
				return c.Do("GET", fmt.Sprint("/activate?token=guess", n), nil)
			},
			func(c *apptest.Client, n int) *apptest.Response {
				return c.Do("GET", fmt.Sprint("/reset-password?token=guess", n), nil)
			},
			func(c *apptest.Client, n int) *apptest.Response {
				return c.Do("GET", fmt.Sprint("/setup?token=guess", n), nil)
			},
		} {
			c := app.Client(t).From("192.0.2.20")
			app.Clock.Advance(3 * time.Hour) // the previous round is forgotten
			refusedAt := 0
			for n := 1; n <= 40 && refusedAt == 0; n++ {
				if r := try(c, n); r.StatusCode == http.StatusTooManyRequests {
					refusedAt = n
					if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
						t.Errorf("429 with Retry-After %q, want whole seconds", r.Header.Get("Retry-After"))
					}
					if strings.HasPrefix(r.Request.URL.Path, "/api/") {
						wantProblem(t, r, http.StatusTooManyRequests)
					}
				}
			}
			if refusedAt == 0 || refusedAt > 30 {
				t.Errorf("dead links: first refusal at #%d, want one by #30", refusedAt)
			}
		}
	})
}

// TestForgotPasswordLimited: a sixth request in an hour for one account is
// refused with Retry-After, whether or not the account exists.
func TestForgotPasswordLimited(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		for _, email := range []string{acme.AdminEmail, "ghost@acme.test"} {
			c := app.Client(t).From("198.51.100.7")
			for range 5 {
				c.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": email}).ExpectStatus(t, http.StatusAccepted)
			}
			if wait := retryAfter(t, c.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": email})); wait > time.Hour {
				t.Errorf("Retry-After %s", wait)
			}
		}
	})
}

// TestPasswordChangeThrottled: guessing the current password through a
// session counts against the account like sign-in does.
func TestPasswordChangeThrottled(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t).From("198.51.100.8")
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		for n := range 5 {
			p := wantProblem(t, c.Do("POST", "/api/v1/me/password", map[string]string{"current_password": fmt.Sprint("guess ", n), "new_password": "a long new passphrase"}), http.StatusUnprocessableEntity)
			if p.Errors[0].Field != "current_password" {
				t.Errorf("wrong current password: %+v", p)
			}
		}
		retryAfter(t, c.Do("POST", "/api/v1/me/password", map[string]string{"current_password": acme.AdminPassword, "new_password": "a long new passphrase"}))
		retryAfter(t, signInAs(app, t, "203.0.113.1", "acme", acme.AdminEmail, acme.AdminPassword))
	})
}

// TestOfficeSignsInTogether: people of one office (one address) signing in
// at once with the right passwords, some from two browsers at a time, are
// all let in: each success gives the counts back without a concurrent
// attempt losing the throttle row it waits for.
func TestOfficeSignsInTogether(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for i := range 3 {
			p := newPerson(t, app, smtp, adm, fmt.Sprintf("p%d@acme.test", i))
			for range 2 {
				wg.Go(func() {
					for range 8 {
						r := signInAs(app, t, "198.51.100.77", "acme", p.email, p.password)
						mu.Lock()
						codes[r.StatusCode]++
						mu.Unlock()
					}
				})
			}
		}
		wg.Wait()
		if codes[http.StatusOK] != 48 {
			t.Errorf("answers %v, want 48 sign-ins", codes)
		}
	})
}

// TestWeakNewPasswordIsNoGuess: a change refused for a weak new password,
// with the right current one, does not count against sign-in.
func TestWeakNewPasswordIsNoGuess(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t).From("198.51.100.8")
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		for range 10 {
			p := wantProblem(t, c.Do("POST", "/api/v1/me/password", map[string]string{"current_password": acme.AdminPassword, "new_password": "password"}), http.StatusUnprocessableEntity)
			if p.Errors[0].Field != "new_password" {
				t.Fatalf("weak new password: %+v", p)
			}
		}
		signInAs(app, t, "203.0.113.1", "acme", acme.AdminEmail, acme.AdminPassword).ExpectStatus(t, http.StatusOK)
	})
}

// TestHeldAccountNeedsReset: 100 wrong passwords in a row, however slowly
// made, hold the account until its password is reset (NIST SP 800-63B
// §5.2.2 allows no more); the reset frees it at once.
func TestHeldAccountNeedsReset(t *testing.T) {
	behindProxy(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		for n := 0; n < 100; {
			r := signInAs(app, t, fmt.Sprintf("198.51.%d.%d", n/200, n%200+1), "acme", acme.AdminEmail, "guess")
			if r.StatusCode == http.StatusTooManyRequests {
				app.Clock.Advance(retryAfter(t, r))
				continue
			}
			wantProblem(t, r, http.StatusUnauthorized)
			n++
		}
		app.Clock.Advance(365 * 24 * time.Hour)
		p := wantProblem(t, signInAs(app, t, "203.0.113.3", "acme", acme.AdminEmail, acme.AdminPassword), http.StatusTooManyRequests)
		if !strings.Contains(p.Detail, "Forgot password") {
			t.Errorf("a held account says %q", p.Detail)
		}
		owner := app.Client(t).From("203.0.113.3")
		owner.Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": acme.AdminEmail}).ExpectStatus(t, http.StatusAccepted)
		reset := link(t, app, smtp, acme.AdminEmail, 1, "/reset-password")
		owner.Do("POST", "/api/v1/password/reset", map[string]string{"token": tokenOf(reset), "password": "a fresh start at last"}).ExpectStatus(t, http.StatusOK)
		signInAs(app, t, "203.0.113.3", "acme", acme.AdminEmail, "a fresh start at last").ExpectStatus(t, http.StatusOK)
	})
}
