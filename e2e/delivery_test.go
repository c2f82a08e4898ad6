package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/mailtest"
	"console/internal/store/storetest"
)

// TestBouncedInvitationInBrowser: the mail server refuses an invitation
// for good. The user's page says it could not be delivered and why; the
// Email delivery page lists it with its answer; Retry, once the cause is
// fixed, sends it and the page then shows everything delivered.
func TestBouncedInvitationInBrowser(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			app := apptest.Start(t, e, apptest.Options{SMTPURL: smtp.URL()})
			acme := app.CreateOrg(t, "acme")
			const zoe = "zoe@acme.test"
			smtp.FailWith(550)
			admin := NewBrowser(t)
			signIn(t, admin, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			Do(t, admin,
				ClickAndWait(chromedp.Search(`//a[normalize-space()="Invite user"]`)),
				chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), zoe),
				ClickAndWait(chromedp.CSS(submitButton)),
			)
			Do(t, admin, ClickAndWait(chromedp.Search(`//table[@id="users"]//a[contains(., "`+zoe+`")]`)))
			problem := waitForText(t, admin, "#delivery-problem", "could not be delivered")
			if !strings.Contains(problem, "Invitation could not be delivered") || !strings.Contains(problem, "550") {
				t.Errorf("user page says %q", problem)
			}
			Screenshot(t, admin, "delivery-user-desktop", 1280)
			Screenshot(t, admin, "delivery-user-phone", 390)

			Do(t, admin, ClickAndWait(chromedp.Search(`//nav//a[normalize-space()="Email delivery"]`)))
			row := Run(t, admin, chromedp.Text(chromedp.Search(`//table[@id="emails"]//tr[contains(., "`+zoe+`")]`)))
			if !strings.Contains(row, "Failed") || !strings.Contains(row, "550") {
				t.Errorf("email delivery row: %q", row)
			}
			Screenshot(t, admin, "delivery-list-desktop", 1280)
			Screenshot(t, admin, "delivery-list-phone", 390)

			smtp.FailWith(0)
			Do(t, admin, ClickAndWait(chromedp.Search(`//button[@aria-label="Retry the email to `+zoe+`"]`)))
			wantFlash(t, admin, "Email to "+zoe+" queued again.")
			smtp.WaitFor(t, zoe, 1, 10*time.Second)
			Do(t, admin, chromedp.Navigate(app.URL+"/emails"))
			waitForText(t, admin, ".empty h2", "All email delivered")
		})
	}
}

// waitForText reloads until the element sel contains want, and returns
// its text.
func waitForText(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := Run(t, ctx, chromedp.Evaluate[string](`(document.querySelector(`+"`"+sel+"`"+`) || {innerText: ""}).innerText`))
		if strings.Contains(got, want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(100 * time.Millisecond)
		Do(t, ctx, chromedp.Reload())
	}
}
