package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/mailtest"
	"console/internal/store/storetest"
)

// TestContentEditorHome: a person whose only group gives an application
// permission activates and lands on My account (not on a 403), sees their
// groups and permissions and no administration in the navigation, changes
// their password, and signs the session of another browser out.
func TestContentEditorHome(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			app := apptest.Start(t, e, apptest.Options{SMTPURL: smtp.URL()})
			acme := app.CreateOrg(t, "acme")
			const cleo, password, newPassword = "cleo@acme.test", "cleo's long passphrase", "cleo's brand new passphrase"

			adm := app.Client(t)
			adm.SignIn(acme.Slug, acme.AdminEmail, acme.AdminPassword)
			adm.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit", "description": "Edit the website's pages"}).ExpectStatus(t, http.StatusCreated)
			adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Content Editors", "permissions": []string{"content:edit"}}).ExpectStatus(t, http.StatusCreated)
			adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": cleo, "groups": []string{"Content Editors"}}).ExpectStatus(t, http.StatusCreated)

			link := smtp.WaitFor(t, cleo, 1, 10*time.Second)[0].Link(app.URL + "/activate?token=")
			ctx := NewBrowser(t)
			Do(t, ctx,
				chromedp.Navigate(link),
				chromedp.WaitVisible(chromedp.ID("name")),
				chromedp.SendKeys(chromedp.ID("name"), "Cleo Park"),
				chromedp.SendKeys(chromedp.ID("password"), password),
				ClickAndWait(chromedp.CSS(submitButton)),
			)
			if p := Path(t, ctx); p != "/account" {
				t.Fatalf("after activating the path is %q, want /account", p)
			}
			nav := Run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("nav ul.nav a"), a => a.innerText.trim())`))
			if strings.Join(nav, ",") != "My account" {
				t.Errorf("navigation %q, want only My account", nav)
			}
			if perms := Run(t, ctx, chromedp.Text(chromedp.ID("permissions"))); !strings.Contains(perms, "content:edit") || !strings.Contains(perms, "Content Editors") {
				t.Errorf("permissions: %q", perms)
			}

			// A second browser signs in; Cleo sees both sessions.
			other := NewBrowser(t)
			signIn(t, other, app, acme.Slug, cleo, password)
			Do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("session-list")))
			if n := Run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#session-list tbody tr").length`)); n != 2 {
				t.Fatalf("%d sessions listed, want 2", n)
			}
			Screenshot(t, ctx, "account-desktop", 1280)
			Screenshot(t, ctx, "account-phone", 390)

			// The password changes; this session stays, the other ends.
			Do(t, ctx,
				chromedp.SendKeys(chromedp.ID("current_password"), password),
				chromedp.SendKeys(chromedp.ID("new_password"), newPassword),
				ClickAndWait(chromedp.CSS(`#password-form button[type="submit"]`)),
			)
			wantFlash(t, ctx, "Your password is changed. Every other session of yours has been signed out.")
			Do(t, other, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("password")))
			if p := Path(t, other); p != "/login" {
				t.Errorf("the other browser after the password change is at %q, want /login", p)
			}

			// Signed in again elsewhere, that session is signed out from the list.
			signIn(t, other, app, acme.Slug, cleo, newPassword)
			Do(t, ctx,
				chromedp.Reload(),
				ClickAndWait(chromedp.CSS(`#session-list tr:not([data-current]) button[type="submit"]`)),
			)
			wantFlash(t, ctx, "That session is signed out.")
			if n := Run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#session-list tbody tr").length`)); n != 1 {
				t.Errorf("%d sessions left, want this one", n)
			}
			Do(t, other, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("password")))
			if p := Path(t, other); p != "/login" {
				t.Errorf("the signed-out browser is at %q, want /login", p)
			}
		})
	}
}
