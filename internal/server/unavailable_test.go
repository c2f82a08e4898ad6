package server_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// wantUnavailable fails unless r is a 503 that says when to retry.
func wantUnavailable(t *testing.T, what string, r *apptest.Response) {
	t.Helper()
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); r.StatusCode != http.StatusServiceUnavailable || err != nil || s <= 0 {
		t.Errorf("%s: %d with Retry-After %q, want 503 with a delay\n%s", what, r.StatusCode, r.Header.Get("Retry-After"), r.Body)
	}
}

// TestPostgresDown: while PostgreSQL cannot be reached, the API and the
// pages answer 503 with Retry-After instead of 500, and all is well again
// once it is back.
func TestPostgresDown(t *testing.T) {
	base := storetest.PostgresDSN(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := apptest.StartProxy(t, u.Host)
	u.Host = proxy.Addr()
	app := apptest.StartOn(t, u.String())
	acme := app.CreateOrg(t, "acme")
	c := app.Client(t)
	c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)

	proxy.Cut()
	wantUnavailable(t, "GET /api/v1/me", c.Do("GET", "/api/v1/me", nil))
	wantUnavailable(t, "sign-in", app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword}))
	wantUnavailable(t, "users page", c.Do("GET", "/users", nil))
	wantUnavailable(t, "sign-in page", app.Client(t).Do("POST", "/login", url.Values{"org": {"acme"}, "email": {acme.AdminEmail}, "password": {"x"}}.Encode()))
	wantUnavailable(t, "readyz", c.Do("GET", "/readyz", nil))

	// Back, Console recovers on its own. The first request after may
	// still spend its one-second deadline on a new connection when the
	// machine is busy, so recovery is asked within ten seconds, each
	// answer meanwhile a 503 or a 200, never anything else.
	proxy.Restore(t)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := c.Do("GET", "/api/v1/me", nil)
		if r.StatusCode == http.StatusOK {
			break
		}
		if r.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("after the database came back: %d %s", r.StatusCode, r.Body)
		}
	}
}

// TestSQLiteLocked: a SQLite file that another process keeps locked past
// the busy timeout makes writes answer 503 with Retry-After, not 500.
func TestSQLiteLocked(t *testing.T) {
	_, dsn := storetest.OpenSQLite(t)
	app := apptest.StartOn(t, dsn)
	acme := app.CreateOrg(t, "acme")
	other, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(1000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	wantUnavailable(t, "sign-in", app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword}))
}

// TestPostgresHangs: a database that takes connections but never answers
// (stuck, or cut off by the network) makes requests answer 503 with
// Retry-After once their deadline passes, instead of hanging; /readyz
// says so within two seconds; and Console recovers when it answers again.
func TestPostgresHangs(t *testing.T) {
	u, err := url.Parse(storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := apptest.StartProxy(t, u.Host)
	u.Host = proxy.Addr()
	app := apptest.StartOn(t, u.String(), apptest.Options{RequestTimeout: time.Second})
	acme := app.CreateOrg(t, "acme")
	c := app.Client(t)
	c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)

	proxy.Hang()
	start := time.Now()
	wantUnavailable(t, "GET /api/v1/me", c.Do("GET", "/api/v1/me", nil))
	wantUnavailable(t, "users page", c.Do("GET", "/users", nil))
	if r := c.Do("GET", "/readyz", nil); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz: %d", r.StatusCode)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("three requests took %s against a hanging database", took)
	}
	// Back, Console recovers on its own. The first request after may
	// still spend its one-second deadline on a new connection when the
	// machine is busy, so recovery is asked within ten seconds, each
	// answer meanwhile a 503 or a 200, never anything else.
	proxy.Restore(t)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := c.Do("GET", "/api/v1/me", nil)
		if r.StatusCode == http.StatusOK {
			break
		}
		if r.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("after the database came back: %d %s", r.StatusCode, r.Body)
		}
	}
}
