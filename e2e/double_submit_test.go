package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestDoubleClickSendsOnce: an impatient double click on a form's button
// sends it once, so the administrator sees the success of the first send,
// not the refusal of a second ("already exists", "not found").
func TestDoubleClickSendsOnce(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	acme := app.CreateOrg(t, "acme")
	ctx := NewBrowser(t)
	signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
	Do(t, ctx,
		chromedp.Navigate(app.URL+"/users/invite"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "dan@acme.test"),
		// A second click 5 ms after the first: a double click lands
		// before the first answer comes.
		waitLoad(chromedp.Evaluate[chromedp.Void](`{const b = document.querySelector('`+submitButton+`'); b.click(); setTimeout(() => b.click(), 5);}`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	flash := Run(t, ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, "dan@acme.test") || strings.Contains(flash, "already") {
		t.Errorf("after a double click the page says %q", flash)
	}
	if p := Path(t, ctx); p != "/users" {
		t.Errorf("after a double click the path is %q, want /users", p)
	}
}
