package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// TestDeactivateWithReason follows an administrator deactivating someone
// from the users list: the ⋮ menu leads to a confirmation naming the
// person; Cancel returns to the list with nothing changed; confirmed with a
// reason and a note, the person is Inactive, the flash names them and the
// audit trail keeps why.
func TestDeactivateWithReason(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			acme := app.CreateOrg(t, "acme")
			sam := addActiveUser(t, app, acme.Created.Org.ID, "sam@acme.test", "Sam Carter")
			ctx := NewBrowser(t)
			signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			row := `tr[data-user-id="` + sam.ID + `"]`
			deactivate := chromedp.CSS(row + ` .menu-items a[href*="/deactivate?from="]`)

			Do(t, ctx, chromedp.Click(chromedp.CSS(rowMenu(sam.ID))), ClickAndWait(deactivate))
			if p := Path(t, ctx); p != "/users/"+sam.ID+"/deactivate" {
				t.Fatalf("Deactivate led to %s", p)
			}
			if title := Run(t, ctx, chromedp.Text(chromedp.CSS("h1"))); title != "Deactivate Sam Carter?" {
				t.Errorf("confirmation title %q", title)
			}
			if who := Run(t, ctx, chromedp.Text(chromedp.ID("confirm-subject"))); !strings.Contains(who, "sam@acme.test") {
				t.Errorf("the confirmation names %q", who)
			}
			Do(t, ctx, ClickAndWait(chromedp.Search(`//div[@class="dialog-actions"]/a[normalize-space()="Cancel"]`)))
			if p := Path(t, ctx); p != "/users" {
				t.Fatalf("Cancel led to %s", p)
			}
			if status := Run(t, ctx, chromedp.Text(chromedp.CSS(row+" .badge"))); status != "Active" {
				t.Errorf("after Cancel Sam is %q", status)
			}
			if n := auditCount(t, app, acme, sam.ID, console.ActionUserDeactivate); n != 0 {
				t.Fatalf("Cancel deactivated Sam")
			}

			Do(t, ctx,
				chromedp.Click(chromedp.CSS(rowMenu(sam.ID))),
				ClickAndWait(deactivate),
				chromedp.Click(chromedp.Search(`//label[contains(., "Investigation")]/input`)),
				chromedp.SendKeys(chromedp.ID("note"), "Laptop reported stolen"),
				ClickAndWait(chromedp.Search(`//button[normalize-space()="Deactivate user"]`)),
			)
			if p := Path(t, ctx); p != "/users" {
				t.Errorf("after deactivating the path is %s", p)
			}
			wantFlash(t, ctx, "Sam Carter (sam@acme.test) deactivated; their sessions have ended.")
			Screenshot(t, ctx, "deactivated-desktop", 1280)
			Screenshot(t, ctx, "deactivated-phone", 390)
			Do(t, ctx, chromedp.EmulateViewport(1280, 900))
			if status := Run(t, ctx, chromedp.Text(chromedp.CSS(row+" .badge"))); status != "Inactive" {
				t.Errorf("after deactivating Sam is %q", status)
			}
			events, err := app.Server.Store.ListAudit(context.Background(), acme.Created.Org.ID,
				store.AuditFilter{TargetID: sam.ID, Action: console.ActionUserDeactivate, Limit: 5})
			if err != nil || len(events) != 1 {
				t.Fatalf("deactivation events: %d, %v", len(events), err)
			}
			if d := events[0].Details; d["reason"] != "investigation" || d["note"] != "Laptop reported stolen" {
				t.Errorf("the audit trail keeps %v", d)
			}
		})
	}
}

// TestConfirmationPages opens each confirmation from where an
// administrator meets it and checks it names who or what is affected, with
// screenshots of each at desktop and phone width.
func TestConfirmationPages(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	acme := app.CreateOrg(t, "acme")
	sam := addActiveUser(t, app, acme.Created.Org.ID, "sam@acme.test", "Sam Carter")
	ctx := NewBrowser(t)
	signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
	zoe, _ := inviteTwo(t, ctx, app, acme)
	c := app.Client(t)
	c.SignIn(acme.Slug, acme.AdminEmail, acme.AdminPassword)
	c.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit", "description": "Edit the website's pages"}).ExpectStatus(t, http.StatusCreated)

	for _, tc := range []struct {
		name, from, link, title string
		fromName                string // the page it starts from, to screenshot
	}{
		{"deactivate", "/users/" + sam.ID, "Deactivate", "Deactivate Sam Carter?", "active-user"},
		{"password-reset", "/users/" + sam.ID, "Send password reset", "Send a password reset to Sam Carter?", ""},
		{"cancel", "/users/" + zoe.ID, "Cancel invitation", "Cancel the invitation to " + zoe.Email + "?", "invited-user"},
		{"permission-delete", "/permissions", "Delete", "Delete the permission content:edit?", "permissions"},
	} {
		Do(t, ctx, chromedp.Navigate(app.URL+tc.from), chromedp.WaitVisible(chromedp.CSS("h1")))
		if tc.fromName != "" {
			Screenshot(t, ctx, tc.fromName+"-desktop", 1280)
			Screenshot(t, ctx, tc.fromName+"-phone", 390)
			Do(t, ctx, chromedp.EmulateViewport(1280, 900))
		}
		Do(t, ctx, ClickAndWait(chromedp.Search(`//main//a[normalize-space()="`+tc.link+`"]`)))
		if title := Run(t, ctx, chromedp.Text(chromedp.CSS("h1"))); title != tc.title {
			t.Errorf("%s: title %q, want %q", tc.name, title, tc.title)
		}
		Screenshot(t, ctx, tc.name+"-desktop", 1280)
		Screenshot(t, ctx, tc.name+"-phone", 390)
		Do(t, ctx, chromedp.EmulateViewport(1280, 900))
		Do(t, ctx, ClickAndWait(chromedp.CSS(".dialog-actions a")))
		if p := Path(t, ctx); p != tc.from {
			t.Errorf("%s: going back led to %s, want %s", tc.name, p, tc.from)
		}
	}
	if n := auditCount(t, app, acme, sam.ID, console.ActionUserDeactivate, console.ActionPasswordResetAsk); n != 0 {
		t.Errorf("looking at confirmations acted %d times", n)
	}
}
