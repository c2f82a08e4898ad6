// Package apptest starts a real Console on a loopback port with a
// throwaway database, for tests that speak HTTP to it like any client.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"console/internal/config"
	"console/internal/console"
	"console/internal/server"
	"console/internal/service"
	"console/internal/store/storetest"
)

// App is a running Console.
type App struct {
	URL    string
	Server *server.Server
	Clock  *Clock
	DSN    string
}

// Start runs Console on 127.0.0.1:0 over a fresh database of engine e until
// the test ends.
func Start(t testing.TB, e storetest.Engine, opts ...Options) *App {
	t.Helper()
	_, dsn := e.Open(t)
	return StartOn(t, dsn, opts...)
}

// Options change how a test server runs.
type Options struct {
	// SMTPURL sends email to this server (see mailtest); empty keeps it in
	// the Outbox.
	SMTPURL string
	// TrustedProxies is --trusted-proxies, e.g. "127.0.0.1" to play the
	// proxy from the test.
	TrustedProxies string
	// RequestTimeout, when set, bounds each request instead of
	// server.RequestTimeout.
	RequestTimeout time.Duration
}

// StartOn runs Console over an existing database, e.g. a second instance
// sharing one PostgreSQL with the first, or the same one after a restart.
func StartOn(t testing.TB, dsn string, opts ...Options) *App {
	t.Helper()
	app, stop := Run(t, dsn, opts...)
	t.Cleanup(stop)
	return app
}

// Run is StartOn that also returns a function stopping the server early,
// as a crash or restart would; the function is safe to call twice.
func Run(t testing.TB, dsn string, opts ...Options) (*App, func()) {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{DB: dsn, Addr: ln.Addr().String(), SessionIdle: console.DefaultSessionPolicy.IdleTimeout,
		SessionMaxAge: console.DefaultSessionPolicy.MaxAge, LogFormat: "text", SMTPURL: o.SMTPURL, TrustedProxies: o.TrustedProxies, MailFrom: "Console <console@test.example>"}
	clock := NewClock()
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := server.New(ctx, cfg, cfg.BaseURLFor(ln.Addr().String()), logger(t), server.Options{Now: clock.Now, JobPoll: 20 * time.Millisecond, RequestTimeout: o.RequestTimeout})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ctx, ln); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			<-done
			srv.Close()
		})
	}
	return &App{URL: srv.BaseURL, Server: srv, Clock: clock, DSN: dsn}, stop
}

// logger keeps the server's log quiet unless CONSOLE_TEST_LOG is set.
func logger(t testing.TB) *slog.Logger {
	if testingVerbose() {
		return slog.New(slog.NewTextHandler(testWriter{t}, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Org is an organization made for a test, with an Active administrator.
type Org struct {
	Slug, AdminEmail, AdminPassword string
	Created                         *service.CreatedOrg
}

// CreateOrg creates an organization through the service, as the
// `console org create --admin-password-stdin` command does.
func (a *App) CreateOrg(t testing.TB, slug string) *Org {
	t.Helper()
	o := &Org{Slug: slug, AdminEmail: "admin@" + slug + ".test", AdminPassword: "correct horse " + slug}
	created, err := a.Server.Service.CreateOrg(context.Background(), service.CreateOrgInput{
		Slug: slug, Name: slug + " Inc", AdminEmail: o.AdminEmail, AdminName: "Admin " + slug, AdminPassword: o.AdminPassword})
	if err != nil {
		t.Fatalf("create org %s: %v", slug, err)
	}
	o.Created = created
	return o
}

// Clock is the real time plus an offset that tests can grow, shared with
// the server under test: it keeps running, and jumps when told to. A
// frozen clock stands still but for Advance, for tests whose outcome
// depends on how long something waits.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
	frozen *time.Time
}

// NewClock returns a clock showing the real time.
func NewClock() *Clock { return &Clock{} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen != nil {
		return c.frozen.Add(c.offset)
	}
	return time.Now().Add(c.offset)
}

// Freeze stops the clock at the present; only Advance moves it on.
func (c *Clock) Freeze() {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	c.frozen = &now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}
