package bench_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
	"console/internal/store/storetest"
)

// BenchmarkMeWhileDraining measures GET /api/v1/me from 4 clients on an
// idle server, then while the job queue sends 20,000 queued invitations
// to a local SMTP server with the default 8 job workers: what sending a
// bulk import's emails costs everyone else. It reports latency
// percentiles and, for the draining case, the emails sent meanwhile (the
// queue must not run dry during the measurement).
//
//	go test -run '^$' -bench MeWhileDraining -benchtime 20000x ./internal/bench/
func BenchmarkMeWhileDraining(b *testing.B) {
	for _, e := range storetest.Engines() {
		for _, draining := range []bool{false, true} {
			name := e.Name + "/idle"
			if draining {
				name = e.Name + "/draining"
			}
			b.Run(name, func(b *testing.B) { benchMe(b, e, draining) })
		}
	}
}

func benchMe(b *testing.B, e storetest.Engine, draining bool) {
	smtp := mailtest.Start(b)
	app := apptest.Start(b, e, apptest.Options{SMTPURL: smtp.URL()})
	org := app.CreateOrg(b, "acme")
	const clients, queued = 4, 20000
	callers := make([]*caller, clients)
	for i := range callers {
		callers[i] = newCaller(b, app)
	}
	if draining {
		// Queued for later, then made due at once: the server's worker
		// would otherwise drain them while the rest is being queued.
		queueInvitations(b, app.Server.Store, org.Created.Org.ID, queued, time.Hour)
		app.Clock.Advance(time.Hour)
		for _, c := range callers {
			c.signIn(b, app) // their sessions are an hour older now
		}
		app.Server.Worker.Wake()
		for smtp.Count() == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	sentBefore := smtp.Count()
	lat := make([][]time.Duration, clients)
	b.ResetTimer()
	var wg sync.WaitGroup
	for i, c := range callers {
		wg.Go(func() { lat[i] = c.me(b, app.URL, b.N/clients+1) })
	}
	wg.Wait()
	b.StopTimer()
	report(b, slices.Concat(lat...))
	if draining {
		sent := smtp.Count() - sentBefore
		b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "emails/s")
		if smtp.Count() >= queued {
			b.Errorf("the queue ran dry during the measurement: lower -benchtime")
		}
	}
}

func (c *caller) me(b *testing.B, base string, n int) []time.Duration {
	return c.get(b, base+"/api/v1/me", n)
}
