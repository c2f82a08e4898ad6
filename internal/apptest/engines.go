package apptest

import (
	"testing"

	"console/internal/mailtest"
	"console/internal/store/storetest"
)

// EachEngine runs fn, as a subtest per engine, against a fresh Console on
// SQLite and on PostgreSQL.
func EachEngine(t *testing.T, fn func(t *testing.T, app *App)) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, Start(t, e)) })
	}
}

// EachEngineWithMail is EachEngine with Console sending its email to a
// real SMTP server in the test process.
func EachEngineWithMail(t *testing.T, fn func(t *testing.T, app *App, smtp *mailtest.Catcher)) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			fn(t, Start(t, e, Options{SMTPURL: smtp.URL()}), smtp)
		})
	}
}

// EachEngineBehindProxy is EachEngineWithMail with Console trusting a
// reverse proxy on 127.0.0.1, so that a test plays clients from any
// address by setting X-Forwarded-For (see Client.From).
func EachEngineBehindProxy(t *testing.T, fn func(t *testing.T, app *App, smtp *mailtest.Catcher)) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			fn(t, Start(t, e, Options{SMTPURL: smtp.URL(), TrustedProxies: "127.0.0.1"}), smtp)
		})
	}
}
