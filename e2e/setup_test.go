package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestSetupReportsEveryField: the first administrator opens the setup
// link, sends the empty form and sees every missing field at once (not one
// per submit), then fills it in and lands on the users list, where the
// company slug to sign in with is shown.
func TestSetupReportsEveryField(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	link, err := app.Server.Service.SetupLink(context.Background())
	if err != nil || link == "" {
		t.Fatalf("setup link %q: %v", link, err)
	}
	ctx := NewBrowser(t)
	Do(t, ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("name")),
		ClickAndWait(chromedp.CSS(submitButton)),
	)
	fields := []string{"name", "slug", "admin_name", "admin_email", "admin_password"}
	for _, f := range fields {
		msg := Run(t, ctx, chromedp.Evaluate[string](`(document.getElementById("`+f+`-error") || {innerText: ""}).innerText`))
		if strings.TrimSpace(msg) == "" {
			t.Errorf("the empty form shows no error for %s", f)
		}
	}
	Screenshot(t, ctx, "setup-errors-desktop", 1280)
	Screenshot(t, ctx, "setup-errors-phone", 390)

	Do(t, ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.SendKeys(chromedp.ID("name"), "Acme Inc"),
		chromedp.Clear(chromedp.ID("slug")),
		chromedp.SendKeys(chromedp.ID("slug"), "acme"),
		chromedp.SendKeys(chromedp.ID("admin_name"), "Ada Admin"),
		chromedp.SendKeys(chromedp.ID("admin_email"), "ada@acme.test"),
		chromedp.SendKeys(chromedp.ID("admin_password"), "ada's long passphrase"),
		ClickAndWait(chromedp.CSS(submitButton)),
	)
	if p := Path(t, ctx); p != "/users" {
		t.Fatalf("after setup the path is %q, want /users", p)
	}
	if slug := Run(t, ctx, chromedp.Text(chromedp.ID("org-slug"))); slug != "acme" {
		t.Errorf("the users page shows company slug %q, want acme", slug)
	}
}
