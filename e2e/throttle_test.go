package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestThrottledSignIn types wrong passwords into the sign-in form until
// Console asks to wait: the page says how long, keeps what was typed, and
// reads the same for an account that does not exist.
func TestThrottledSignIn(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			app.Clock.Freeze()
			acme := app.CreateOrg(t, "acme")
			ctx := NewBrowser(t)
			for _, email := range []string{acme.AdminEmail, "ghost@acme.test"} {
				for range 5 {
					signIn(t, ctx, app, acme.Slug, email, "not the password")
					wantFlash(t, ctx, "The company, email or password is incorrect.")
				}
				signIn(t, ctx, app, acme.Slug, email, "not the password")
				wantFlash(t, ctx, "Too many attempts. Try again in 15 seconds.")
				if got := Run(t, ctx, chromedp.Value(chromedp.ID("email"))); got != email {
					t.Errorf("email field = %q, want %q", got, email)
				}
			}
			Screenshot(t, ctx, "throttled", 1280)
			Screenshot(t, ctx, "throttled", 390)
		})
	}
}

// TestInviteLookalikeInBrowser: an address mixing scripts is shown back
// with a warning, and the administrator invites it only by confirming.
func TestInviteLookalikeInBrowser(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	acme := app.CreateOrg(t, "acme")
	ctx := NewBrowser(t)
	signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
	const lookalike = "pаypal@acme.test" // a Cyrillic а
	Do(t, ctx,
		chromedp.Navigate(app.URL+"/users/invite"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), lookalike),
		ClickAndWait(chromedp.CSS(submitButton)),
		chromedp.WaitVisible(chromedp.ID("email-warning")),
	)
	Screenshot(t, ctx, "warned", 1280)
	Screenshot(t, ctx, "warned", 390)
	Do(t, ctx, ClickAndWait(chromedp.CSS(submitButton)))
	wantFlash(t, ctx, "Invitation to "+lookalike+" kept in the Outbox: no mail server is configured, so nothing was sent. Open the Outbox")
}
