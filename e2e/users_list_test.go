package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestUsersListFiltersAndPages has an administrator choose a group in the
// users list's filter, which applies at once without a button, then page
// forward and back through everyone, and open the group's page.
func TestUsersListFiltersAndPages(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e, apptest.Options{})
			acme := app.CreateOrg(t, "acme")
			api := app.Client(t)
			api.SignIn(acme.Slug, acme.AdminEmail, acme.AdminPassword)
			var group struct{ ID string }
			api.Do("POST", "/api/v1/groups", map[string]any{"name": "Engineering"}).ExpectStatus(t, http.StatusCreated).JSON(t, &group)
			for i := range 55 {
				body := map[string]any{"email": fmt.Sprintf("person%02d@acme.test", i)}
				if i%5 == 0 {
					body["groups"] = []string{group.ID}
				}
				api.Do("POST", "/api/v1/users/invite", body).ExpectStatus(t, http.StatusCreated)
			}

			admin := NewBrowser(t)
			signIn(t, admin, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
			Do(t, admin, chromedp.Navigate(app.URL+"/users"), chromedp.WaitVisible(chromedp.ID("group")),
				chromedp.WaitNotVisible(chromedp.CSS("button[data-apply]")))
			Screenshot(t, admin, "users-desktop", 1280)
			Screenshot(t, admin, "users-phone", 390)
			Do(t, admin, chromedp.EmulateViewport(1280, 900))

			// Choosing a group by keyboard applies it: no button is pressed.
			Do(t, admin, waitLoad(chromedp.SendKeys(chromedp.ID("group"), "Eng")))
			if loc := Run(t, admin, chromedp.Location()); !strings.Contains(loc, "group="+group.ID) {
				t.Fatalf("after choosing a group the page is %s", loc)
			}
			if got := summary(t, admin); got != "11 users in Engineering" {
				t.Errorf("summary %q", got)
			}
			if n := rows(t, admin); n != 11 {
				t.Errorf("%d rows in Engineering, want 11", n)
			}

			// Everyone again, then the next page and back.
			Do(t, admin, chromedp.Navigate(app.URL+"/users"), chromedp.WaitVisible(chromedp.ID("next-page")))
			first := Run(t, admin, chromedp.Text(chromedp.CSS("table#users tbody tr:first-child a.cell-primary")))
			Do(t, admin, ClickAndWait(chromedp.ID("next-page")))
			Screenshot(t, admin, "users-page-2-phone", 390)
			Do(t, admin, chromedp.EmulateViewport(1280, 900))
			if n := rows(t, admin); n != 6 || has(t, admin, "#next-page") || !has(t, admin, "#prev-page") {
				t.Errorf("second page: %d rows", n)
			}
			Do(t, admin, ClickAndWait(chromedp.ID("prev-page")))
			again := Run(t, admin, chromedp.Text(chromedp.CSS("table#users tbody tr:first-child a.cell-primary")))
			if n := rows(t, admin); n != 50 || again != first || has(t, admin, "#prev-page") {
				t.Errorf("back on the first page: %d rows from %q, want 50 from %q", n, again, first)
			}

			Do(t, admin, chromedp.Navigate(app.URL+"/groups/"+group.ID), chromedp.WaitVisible(chromedp.ID("find")))
			Screenshot(t, admin, "group-desktop", 1280)
			Screenshot(t, admin, "group-phone", 390)
			Do(t, admin, chromedp.Navigate(app.URL+"/users?sort=name&status=invited"), chromedp.WaitVisible(chromedp.ID("users")))
			Screenshot(t, admin, "users-by-name-desktop", 1280)
			Do(t, admin, chromedp.Navigate(app.URL+"/users?sort=name&q=person1"), chromedp.WaitVisible(chromedp.ID("sort-note")))
			Screenshot(t, admin, "users-search-phone", 390)
		})
	}
}

// waitLoad runs a and waits for the page it leads to.
func waitLoad(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, a)(ctx, t)
		return err
	})
}

func summary(t *testing.T, ctx context.Context) string {
	t.Helper()
	return strings.TrimSpace(Run(t, ctx, chromedp.Text(chromedp.ID("users-summary"))))
}

func rows(t *testing.T, ctx context.Context) int {
	t.Helper()
	return Run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table#users tbody tr").length`))
}

func has(t *testing.T, ctx context.Context, selector string) bool {
	t.Helper()
	return Run(t, ctx, chromedp.Evaluate[bool](`document.querySelector(`+"`"+selector+"`"+`) !== null`))
}
