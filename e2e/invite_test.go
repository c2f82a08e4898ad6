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

// TestInviteActivateSignIn follows a new person in: an administrator
// invites them with the form, they open the emailed link in their own
// browser, choose a name and password, land signed in, sign out and sign in
// again.
func TestInviteActivateSignIn(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			app := apptest.Start(t, e, apptest.Options{SMTPURL: smtp.URL()})
			acme := app.CreateOrg(t, "acme")
			const jane, password = "jane@acme.test", "jane's long passphrase"

			admin := NewBrowser(t)
			signIn(t, admin, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			Do(t, admin,
				ClickAndWait(chromedp.Search(`//a[normalize-space()="Invite user"]`)),
				chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), jane),
				chromedp.Click(chromedp.Search(`//label[contains(., "User Managers")]/input`)),
				ClickAndWait(chromedp.CSS(submitButton)),
			)
			if p := Path(t, admin); p != "/users" {
				t.Fatalf("after inviting the path is %q, want /users", p)
			}
			wantFlash(t, admin, "Invitation sent to "+jane+".")
			row := Run(t, admin, chromedp.Text(chromedp.Search(`//table[@id="users"]//tr[contains(., "`+jane+`")]`)))
			if !strings.Contains(row, "Invited") || !strings.Contains(row, "User Managers") {
				t.Errorf("jane's row: %q", row)
			}

			link := smtp.WaitFor(t, jane, 1, 10*time.Second)[0].Link(app.URL + "/activate?token=")
			if link == "" {
				t.Fatal("the invitation email has no activation link")
			}
			ctx := NewBrowser(t)
			Do(t, ctx,
				chromedp.Navigate(link),
				chromedp.WaitVisible(chromedp.ID("name")),
				chromedp.SendKeys(chromedp.ID("name"), "Jane Doe"),
				chromedp.SendKeys(chromedp.ID("password"), password),
				ClickAndWait(chromedp.CSS(submitButton)),
			)
			wantSignedIn(t, ctx, jane)

			// Signed out, Jane comes back by the sign-in link of her
			// invitation, which names the slug, and finds it filled in.
			Do(t, ctx, ClickAndWait(chromedp.Search(signOutXPath)))
			signInLink := smtp.WaitFor(t, jane, 1, 10*time.Second)[0].Link(app.URL + "/login?org=")
			if signInLink != app.URL+"/login?org="+acme.Slug {
				t.Fatalf("the invitation's sign-in link is %q", signInLink)
			}
			Do(t, ctx, chromedp.Navigate(app.URL+"/login"), chromedp.WaitVisible(chromedp.ID("email")))
			if org := Run(t, ctx, chromedp.Value(chromedp.ID("org"))); org != acme.Slug {
				t.Errorf("after signing out the sign-in form offers company %q, want %q", org, acme.Slug)
			}
			Do(t, ctx,
				chromedp.Navigate(signInLink),
				chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), jane),
				chromedp.SendKeys(chromedp.ID("password"), password),
				ClickAndWait(chromedp.CSS(submitButton)),
			)
			wantSignedIn(t, ctx, jane)
		})
	}
}

// wantSignedIn checks the tab shows the users list to email.
func wantSignedIn(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	if p := Path(t, ctx); p != "/users" {
		t.Fatalf("path %q, want /users", p)
	}
	if who := Run(t, ctx, chromedp.Text(chromedp.CSS(".whoami"))); who != email {
		t.Errorf("signed in as %q, want %q", who, email)
	}
}
