package api_test

import (
	"context"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/mailtest"
	"console/internal/store/storetest"
)

// TestEmailSurvivesRestart invites while the SMTP server is down, restarts
// Console, brings SMTP back: the invitation arrives exactly once.
func TestEmailSurvivesRestart(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			smtp.Stop()
			_, dsn := e.Open(t)
			first, stop := apptest.Run(t, dsn, apptest.Options{SMTPURL: smtp.URL()})
			t.Cleanup(stop)
			_, adm := admin(t, first, "acme")
			invite(t, adm, "late@acme.test")
			waitForDelivery(t, first, console.DeliveryRetrying, "retry after a refused connection")
			stop()

			smtp.Restart(t)
			second := apptest.StartOn(t, dsn, apptest.Options{SMTPURL: smtp.URL()})
			second.Clock.Advance(time.Minute) // past the retry's back-off
			smtp.WaitFor(t, "late@acme.test", 1, 10*time.Second)
			waitForDelivery(t, second, console.DeliverySent, "delivery")
			time.Sleep(200 * time.Millisecond) // room for a duplicate, were there one
			if n := len(smtp.WaitFor(t, "late@acme.test", 1, time.Second)); n != 1 {
				t.Fatalf("%d invitations arrived, want exactly 1", n)
			}
		})
	}
}

// waitForDelivery waits until every email is in state.
func waitForDelivery(t *testing.T, app *apptest.App, state console.DeliveryState, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		counts, err := app.Server.Store.EmailCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if counts[state] > 0 && len(counts) == 1 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	counts, _ := app.Server.Store.EmailCounts(context.Background())
	t.Fatalf("waiting for %s: emails %v, want all %s", what, counts, state)
}
