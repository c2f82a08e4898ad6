package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestMakeAndRevokeToken follows an administrator making an API token in
// the browser: every invalid field is named at once; the secret is shown
// once and works as a Bearer; reloading the list never shows it again;
// revoking asks first, names the token, and the token is refused after.
func TestMakeAndRevokeToken(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			acme := app.CreateOrg(t, "acme")
			ctx := NewBrowser(t)
			signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			Do(t, ctx, ClickAndWait(chromedp.Search(`//nav//a[normalize-space()="API tokens"]`)))
			if p := Path(t, ctx); p != "/tokens" {
				t.Fatalf("the navigation led to %s", p)
			}

			Do(t, ctx, ClickAndWait(chromedp.Search(`//button[normalize-space()="Make token"]`)))
			for _, id := range []string{"name-error", "groups-error"} {
				if msg := Run(t, ctx, chromedp.Text(chromedp.ID(id))); msg == "" {
					t.Errorf("no %s", id)
				}
			}

			Do(t, ctx,
				chromedp.SendKeys(chromedp.ID("name"), "CI deploys"),
				chromedp.Click(chromedp.Search(`//label[contains(., "Administrators")]/input`)),
				chromedp.SetValue(chromedp.ID("lifetime"), "30"),
				ClickAndWait(chromedp.Search(`//button[normalize-space()="Make token"]`)),
			)
			secret := Run(t, ctx, chromedp.Value(chromedp.ID("secret")))
			if !strings.HasPrefix(secret, "cst_") {
				t.Fatalf("secret shown %q", secret)
			}
			Screenshot(t, ctx, "token-made-desktop", 1280)
			Screenshot(t, ctx, "token-made-phone", 390)
			Do(t, ctx, chromedp.EmulateViewport(1280, 900))
			app.BearerClient(t, secret).Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

			Do(t, ctx, chromedp.Navigate(app.URL+"/tokens"), chromedp.WaitVisible(chromedp.ID("tokens")))
			if html := Run(t, ctx, chromedp.OuterHTML(chromedp.CSS("html"))); strings.Contains(html, secret) {
				t.Fatal("the list shows the secret again")
			}
			row := `tr[data-token="CI deploys"]`
			if st := Run(t, ctx, chromedp.Text(chromedp.CSS(row+" .badge-active"))); st != "Active" {
				t.Errorf("state %q", st)
			}
			Do(t, ctx, ClickAndWait(chromedp.CSS(row+` a[aria-label="Revoke CI deploys"]`)))
			if title := Run(t, ctx, chromedp.Text(chromedp.CSS("h1"))); title != "Revoke the API token CI deploys?" {
				t.Errorf("confirmation %q", title)
			}
			app.BearerClient(t, secret).Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
			Do(t, ctx, ClickAndWait(chromedp.Search(`//button[normalize-space()="Revoke token"]`)))
			wantFlash(t, ctx, "API token CI deploys revoked: applications using it are now refused.")
			if st := Run(t, ctx, chromedp.Text(chromedp.CSS(row+" .token-state"))); st != "Revoked" {
				t.Errorf("state after revoking %q", st)
			}
			app.BearerClient(t, secret).Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusUnauthorized)
		})
	}
}
