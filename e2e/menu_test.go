package e2e

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// TestRowMenuActsOnItsOwnRow: with the first row's ⋮ menu open, a real
// mouse click where the second row's ⋮ button is only closes the menu; it
// neither resends nor cancels anyone's invitation. The second row's menu
// then opens and acts on the second person only.
func TestRowMenuActsOnItsOwnRow(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			acme := app.CreateOrg(t, "acme")
			ctx := NewBrowser(t)
			signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			first, second := inviteTwo(t, ctx, app, acme)

			x, y := center(t, ctx, rowMenu(first.ID))
			Do(t, ctx, chromedp.MouseClickXY(x, y), chromedp.WaitVisible(chromedp.CSS(rowMenu(first.ID)+" + .menu-items")))
			Screenshot(t, ctx, "menu-open-desktop", 1280)
			Screenshot(t, ctx, "menu-open-phone", 390)
			Do(t, ctx, chromedp.EmulateViewport(1280, 900))
			if open := openMenus(t, ctx); len(open) != 1 || open[0] != first.ID {
				t.Fatalf("open menus %q, want %s's", open, first.Email)
			}

			x, y = center(t, ctx, rowMenu(second.ID))
			Do(t, ctx, chromedp.MouseClickXY(x, y), chromedp.Sleep(300*time.Millisecond))
			if p := Path(t, ctx); p != "/users" {
				t.Fatalf("a click on the second row's ⋮ led to %s", p)
			}
			if open := openMenus(t, ctx); len(open) != 0 {
				t.Errorf("after a click outside, open menus %q, want none", open)
			}
			for _, u := range []*console.User{first, second} {
				if n := auditCount(t, app, acme, u.ID, console.ActionInvitationResend, console.ActionInvitationCancel); n != 0 {
					t.Errorf("%d invitation actions on %s", n, u.Email)
				}
			}

			Do(t, ctx,
				chromedp.MouseClickXY(x, y),
				chromedp.WaitVisible(chromedp.CSS(rowMenu(second.ID)+" + .menu-items")),
				ClickAndWait(chromedp.CSS(`tr[data-user-id="`+second.ID+`"] .menu-items button`)), // Resend invitation
			)
			// From the list, back to the list.
			if p := Path(t, ctx); p != "/users" {
				t.Errorf("resending led to %s", p)
			}
			if got := Run(t, ctx, chromedp.Text(chromedp.CSS("main > .flash"))); got != "New invitation to "+second.Email+" kept in the Outbox: no mail server is configured, so nothing was sent. Open the Outbox" {
				t.Errorf("flash %q", got)
			}
			if n := auditCount(t, app, acme, second.ID, console.ActionInvitationResend); n != 1 {
				t.Errorf("%d resends to %s, want 1", n, second.Email)
			}
			if n := auditCount(t, app, acme, first.ID, console.ActionInvitationResend, console.ActionInvitationCancel); n != 0 {
				t.Errorf("%d invitation actions on %s, who was not chosen", n, first.Email)
			}
		})
	}
}

// TestClickOutsideMenuOnlyCloses: a click outside an open menu, on a link,
// only closes the menu; Escape closes it too and returns to its button;
// and opening another menu closes the first.
func TestClickOutsideMenuOnlyCloses(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	acme := app.CreateOrg(t, "acme")
	ctx := NewBrowser(t)
	signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
	first, second := inviteTwo(t, ctx, app, acme)

	Do(t, ctx, chromedp.Click(chromedp.CSS(rowMenu(first.ID))))
	lx, ly := center(t, ctx, `.page-actions a[href="/users/invite"]`)
	Do(t, ctx, chromedp.MouseClickXY(lx, ly), chromedp.Sleep(300*time.Millisecond))
	if p := Path(t, ctx); p != "/users" {
		t.Fatalf("a click outside the menu, on Invite user, led to %s", p)
	}
	if open := openMenus(t, ctx); len(open) != 0 {
		t.Errorf("open menus %q after a click outside", open)
	}

	// Keyboard: Enter opens, Escape closes and returns to the button.
	Do(t, ctx, chromedp.Focus(chromedp.CSS(rowMenu(first.ID))), chromedp.KeyEvent(kb.Enter))
	if open := openMenus(t, ctx); len(open) != 1 {
		t.Fatalf("Enter on the ⋮ button opened %q", open)
	}
	Do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	if got := Run(t, ctx, chromedp.Evaluate[string](`document.activeElement.textContent.trim()`)); got != "Resend invitation" {
		t.Errorf("ArrowDown moved to %q", got)
	}
	Do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if open := openMenus(t, ctx); len(open) != 0 {
		t.Errorf("open menus %q after Escape", open)
	}
	if got := Run(t, ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("aria-label")`)); got != "Actions for "+first.Email {
		t.Errorf("after Escape the focus is on %q", got)
	}

	// One menu at a time.
	Do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.Focus(chromedp.CSS(rowMenu(second.ID))), chromedp.KeyEvent(kb.Enter))
	if open := openMenus(t, ctx); len(open) != 1 || open[0] != second.ID {
		t.Errorf("open menus %q, want only %s's", open, second.Email)
	}

	Do(t, ctx, chromedp.KeyEvent(kb.Escape), chromedp.MouseClickXY(lx, ly), chromedp.WaitVisible(chromedp.ID("email")))
	if p := Path(t, ctx); p != "/users/invite" {
		t.Errorf("with no menu open, Invite user led to %s", p)
	}
}

// inviteTwo invites two people through the API, as the administrator of
// org, reloads the users list in the tab of ctx and returns them in the
// order it shows them.
func inviteTwo(t *testing.T, ctx context.Context, app *apptest.App, org *apptest.Org) (first, second *console.User) {
	t.Helper()
	c := app.Client(t)
	c.SignIn(org.Slug, org.AdminEmail, org.AdminPassword)
	for _, email := range []string{"ann@" + org.Slug + ".test", "bea@" + org.Slug + ".test"} {
		c.Do("POST", "/api/v1/users/invite", map[string]any{"email": email, "groups": []string{}}).ExpectStatus(t, http.StatusCreated)
	}
	users, err := app.Server.Store.ListUsers(context.Background(), org.Created.Org.ID, store.UserFilter{Status: console.StatusInvited, Limit: 10})
	if err != nil || len(users.Users) != 2 {
		t.Fatalf("invited users: %v", err)
	}
	first, second = users.Users[0], users.Users[1]
	Do(t, ctx, chromedp.Navigate(app.URL+"/users"), chromedp.WaitVisible(chromedp.CSS(rowMenu(second.ID))))
	rows := Run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#users tbody tr"), r => r.dataset.userId)`))
	if slices.Index(rows, first.ID) > slices.Index(rows, second.ID) {
		first, second = second, first
	}
	return first, second
}

// rowMenu selects the ⋮ button of the users row of id.
func rowMenu(id string) string { return `tr[data-user-id="` + id + `"] details.menu > summary` }

// center returns the viewport coordinates of the middle of the element
// css selects, where a person would click it.
func center(t *testing.T, ctx context.Context, css string) (float64, float64) {
	t.Helper()
	p := Run(t, ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(`+strconv.Quote(css)+
		`).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`))
	return p[0], p[1]
}

// openMenus returns the user ids of the rows whose menu is open.
func openMenus(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return Run(t, ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("details.menu[open]"), d => d.closest("tr").dataset.userId)`))
}

// auditCount counts the audit events of the given actions on user id.
func auditCount(t *testing.T, app *apptest.App, org *apptest.Org, id string, actions ...string) int {
	t.Helper()
	n := 0
	for _, a := range actions {
		events, err := app.Server.Store.ListAudit(context.Background(), org.Created.Org.ID, store.AuditFilter{TargetID: id, Action: a, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		n += len(events)
	}
	return n
}
