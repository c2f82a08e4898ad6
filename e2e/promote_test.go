package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// TestPromoteUser follows an administrator promoting someone: they define
// the permission content:edit, create the group "Content Editors" with it,
// then give an existing user that group and "User Managers" from the user's
// page, and see each permission with the group granting it.
func TestPromoteUser(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			acme := app.CreateOrg(t, "acme")
			sam := addActiveUser(t, app, acme.Created.Org.ID, "sam@acme.test", "Sam Carter")
			ctx := NewBrowser(t)
			signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)

			Do(t, ctx,
				ClickAndWait(chromedp.Search(`//nav//a[normalize-space()="Permissions"]`)),
				chromedp.SendKeys(chromedp.ID("name"), "content:edit"),
				chromedp.SendKeys(chromedp.ID("description"), "Edit the website's pages"),
				ClickAndWait(chromedp.Search(`//button[normalize-space()="Create permission"]`)),
			)
			wantFlash(t, ctx, "Permission content:edit created.")

			Do(t, ctx,
				ClickAndWait(chromedp.Search(`//nav//a[normalize-space()="Groups"]`)),
				ClickAndWait(chromedp.Search(`//a[normalize-space()="New group"]`)),
				chromedp.SendKeys(chromedp.ID("name"), "Content Editors"),
				chromedp.Click(chromedp.Search(`//label[contains(., "content:edit")]/input`)),
				ClickAndWait(chromedp.Search(`//button[normalize-space()="Create group"]`)),
			)
			if p := Path(t, ctx); !strings.HasPrefix(p, "/groups/") {
				t.Fatalf("after creating the group the path is %q", p)
			}
			wantFlash(t, ctx, "Group Content Editors created.")

			Do(t, ctx,
				chromedp.Navigate(app.URL+"/users/"+sam.ID),
				chromedp.Click(chromedp.Search(`//form[@id="groups-form"]//label[contains(., "Content Editors")]/input`)),
				chromedp.Click(chromedp.Search(`//form[@id="groups-form"]//label[contains(., "User Managers")]/input`)),
				ClickAndWait(chromedp.Search(`//button[normalize-space()="Save groups"]`)),
			)
			wantFlash(t, ctx, "Groups of Sam Carter (sam@acme.test) saved.")
			for perm, group := range map[string]string{"content:edit": "Content Editors", "users:invite": "User Managers"} {
				row := Run(t, ctx, chromedp.Text(chromedp.CSS(`table#permissions tr[data-permission="`+perm+`"]`)))
				if !strings.Contains(row, group) {
					t.Errorf("%s row %q does not name %s", perm, row, group)
				}
			}
		})
	}
}

// addActiveUser creates an Active user directly in the store, as if they
// had accepted an invitation long ago.
func addActiveUser(t *testing.T, app *apptest.App, orgID, email, name string) *console.User {
	t.Helper()
	now := app.Clock.Now()
	u := &console.User{OrgID: orgID, Email: email, Name: name, Status: console.StatusActive, CreatedAt: now, ActivatedAt: &now}
	err := app.Server.Store.Tx(context.Background(), func(q *store.Queries) error { return q.CreateUser(context.Background(), u) })
	if err != nil {
		t.Fatal(err)
	}
	return u
}
