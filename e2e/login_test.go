package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

const (
	submitButton = `form.form button[type="submit"]`
	signOutXPath = `//button[normalize-space()="Sign out"]`
)

// TestSignInShowsUsers signs in through the form, sees the org's own users
// and nobody from another org, then signs out.
func TestSignInShowsUsers(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			acme := app.CreateOrg(t, "acme")
			globex := app.CreateOrg(t, "globex")
			ctx := NewBrowser(t)

			signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			Do(t, ctx, chromedp.WaitVisible(chromedp.CSS("table#users")))
			users := Run(t, ctx, chromedp.Text(chromedp.CSS("table#users")))
			if !strings.Contains(users, acme.AdminEmail) {
				t.Errorf("users table lacks %s:\n%s", acme.AdminEmail, users)
			}
			if strings.Contains(users, globex.AdminEmail) {
				t.Errorf("users table shows another org's %s:\n%s", globex.AdminEmail, users)
			}
			if p := Path(t, ctx); p != "/users" {
				t.Errorf("after sign-in the path is %q, want /users", p)
			}

			Do(t, ctx, ClickAndWait(chromedp.Search(signOutXPath)))
			if p := Path(t, ctx); p != "/login" {
				t.Errorf("after sign-out the path is %q, want /login", p)
			}
			wantFlash(t, ctx, "You are signed out.")
		})
	}
}

// TestWrongPasswordShowsOneMessage checks a failed sign-in stays on the
// form with one message and keeps what was typed.
func TestWrongPasswordShowsOneMessage(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	acme := app.CreateOrg(t, "acme")
	ctx := NewBrowser(t)

	signIn(t, ctx, app, acme.Slug, acme.AdminEmail, "not the password")
	if p := Path(t, ctx); p != "/login" {
		t.Errorf("after a wrong password the path is %q, want /login", p)
	}
	wantFlash(t, ctx, "The company, email or password is incorrect.")
	if got := Run(t, ctx, chromedp.Value(chromedp.ID("org"))); got != acme.Slug {
		t.Errorf("company field = %q, want %q", got, acme.Slug)
	}
	if got := Run(t, ctx, chromedp.Value(chromedp.ID("email"))); got != acme.AdminEmail {
		t.Errorf("email field = %q, want %q", got, acme.AdminEmail)
	}
	if got := Run(t, ctx, chromedp.Value(chromedp.ID("password"))); got != "" {
		t.Errorf("password field kept %q, want it empty", got)
	}
}

// signIn opens the sign-in page, types into the form and submits it,
// returning once the next page has loaded.
func signIn(t *testing.T, ctx context.Context, app *apptest.App, org, email, password string) {
	t.Helper()
	Do(t, ctx,
		chromedp.Navigate(app.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("org")),
		// The slug this browser last signed in with may be filled in.
		chromedp.Clear(chromedp.ID("org")),
		chromedp.SendKeys(chromedp.ID("org"), org),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		ClickAndWait(chromedp.CSS(submitButton)),
	)
}

// wantFlash checks the page shows exactly one flash message, with text want.
func wantFlash(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	flashes := Run(t, ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".flash"), e => e.innerText.trim())`))
	if len(flashes) != 1 || flashes[0] != want {
		t.Errorf("flash messages = %q, want [%q]", flashes, want)
	}
}
