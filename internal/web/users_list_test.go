package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
)

// inviteMany invites n users user00@acme.test... through the API, those
// whose number inGroup keeps into group too, and returns their addresses
// in the order invited.
func inviteMany(t *testing.T, app *apptest.App, org *apptest.Org, n int, group string, inGroup func(int) bool) []string {
	t.Helper()
	c := app.Client(t)
	c.SignIn(org.Slug, org.AdminEmail, org.AdminPassword)
	var emails []string
	for i := range n {
		email := fmt.Sprintf("user%02d@%s.test", i, org.Slug)
		body := map[string]any{"email": email}
		if inGroup(i) {
			body["groups"] = []string{group}
		}
		c.Do("POST", "/api/v1/users/invite", body).ExpectStatus(t, http.StatusCreated)
		emails = append(emails, email)
	}
	return emails
}

// rowEmails returns the addresses the users list shows, in order (an
// Invited user's name is the address).
func rowEmails(d *goquery.Document) []string {
	var out []string
	d.Find("table#users tbody tr a.cell-primary").Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.Text())
	})
	return out
}

// TestUsersListCountSortAndPages checks the users list on both engines:
// the count of each filter, the group filter, pages forward and back,
// column headers that sort with aria-sort, and a search's fallback to its
// own order.
func TestUsersListCountSortAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		org := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, org)
		eng := adm.createGroup(t, "Engineering")
		inviteMany(t, app, org, 55, eng, func(i int) bool { return i%5 == 0 })

		d := adm.page(t, "/users", http.StatusOK)
		if got := d.Find("#users-summary").Text(); got != "56 users" {
			t.Errorf("summary %q", got)
		}
		form := d.Find("form#user-filters[data-auto-apply]")
		if form.Find("button[data-apply]").Length() != 1 || d.Find(`script[src="/static/console.js"]`).Length() != 1 {
			t.Errorf("the filters do not apply by script, or have no Apply button without it")
		}
		if opt := form.Find(`select#group option[value="` + eng + `"]`); opt.Text() != "Engineering" {
			t.Errorf("group filter offers %q", form.Find("select#group").Text())
		}
		th := d.Find("table#users thead th[aria-sort]")
		if th.Length() != 1 || th.AttrOr("aria-sort", "") != "descending" || !strings.Contains(th.Text(), "Added") {
			t.Errorf("sorted column %q %q", th.Text(), th.AttrOr("aria-sort", ""))
		}
		if href := th.Find("a").AttrOr("href", ""); href != "/users?sort=created_at" {
			t.Errorf("date column links to %q", href)
		}
		first := rowEmails(d)
		if len(first) != 50 || first[0] != "user54@acme.test" || d.Find("#prev-page").Length() != 0 {
			t.Fatalf("first page: %d rows from %v, previous link %d", len(first), first[:1], d.Find("#prev-page").Length())
		}
		next := d.Find("#next-page").AttrOr("href", "")
		d = adm.page(t, next, http.StatusOK)
		second := rowEmails(d)
		if len(second) != 6 || second[5] != "Admin acme" || d.Find("#next-page").Length() != 0 {
			t.Fatalf("second page: %v, next link %d", second, d.Find("#next-page").Length())
		}
		if got := d.Find("#users-summary").Text(); got != "56 users" {
			t.Errorf("summary on the second page %q", got)
		}
		d = adm.page(t, d.Find("#prev-page").AttrOr("href", ""), http.StatusOK)
		if back := rowEmails(d); strings.Join(back, " ") != strings.Join(first, " ") || d.Find("#prev-page").Length() != 0 {
			t.Errorf("back to the first page: %d rows from %v", len(back), back[:1])
		}

		d = adm.page(t, "/users?status=invited&group="+eng, http.StatusOK)
		if got := d.Find("#users-summary").Text(); got != "11 invited users in Engineering" {
			t.Errorf("group summary %q", got)
		}
		if d.Find(`select#group option[selected]`).Text() != "Engineering" || len(rowEmails(d)) != 11 {
			t.Errorf("group filter: %q selected, %d rows", d.Find(`select#group option[selected]`).Text(), len(rowEmails(d)))
		}
		// A group of this size is listed in any order.
		if d.Find(`th a[href*="sort=name"]`).Length() != 1 || d.Find(`th a[href*="sort=status"]`).Length() != 1 {
			t.Errorf("a small group does not sort by name or by status")
		}
		d = adm.page(t, "/users?status=invited&sort=name&group="+eng, http.StatusOK)
		if th := d.Find("table#users thead th[aria-sort]"); !strings.Contains(th.Text(), "Name") || d.Find(".sort-note, #sort-note").Length() != 0 {
			t.Errorf("a group by name: sorted by %q", th.Text())
		}

		d = adm.page(t, "/users?sort=name", http.StatusOK)
		th = d.Find("table#users thead th[aria-sort]")
		if th.AttrOr("aria-sort", "") != "ascending" || th.Find("a").AttrOr("href", "") != "/users?sort=-name" {
			t.Errorf("by name: %q links to %q", th.AttrOr("aria-sort", ""), th.Find("a").AttrOr("href", ""))
		}
		if got := rowEmails(d); got[0] != "Admin acme" || got[1] != "user00@acme.test" {
			t.Errorf("by name: %v", got[:2])
		}
		next = d.Find("#next-page").AttrOr("href", "")
		if !strings.Contains(next, "sort=name") {
			t.Errorf("next page forgets the order: %q", next)
		}
		if got := rowEmails(adm.page(t, next, http.StatusOK)); len(got) != 6 || got[5] != "user54@acme.test" {
			t.Errorf("by name, second page: %v", got)
		}

		d = adm.page(t, "/users?sort=-last_login_at&q=user1", http.StatusOK)
		if got := d.Find("#users-summary").Text(); !strings.HasPrefix(got, "Matches for “user1”") || d.Find("#sort-note").Length() != 1 {
			t.Errorf("search with an order: %q", got)
		}
		if th := d.Find("table#users thead th[aria-sort]"); !strings.Contains(th.Text(), "Added") || len(rowEmails(d)) != 10 {
			t.Errorf("search sorted by %q, %d rows", th.Text(), len(rowEmails(d)))
		}
	})
}

// TestUsersListStaleCursor: a page link that no longer works (a cursor of
// another order, or edited by hand) starts the list over with a note,
// rather than an error page.
func TestUsersListStaleCursor(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		for _, path := range []string{"/users?cursor=not-a-cursor", "/users?before=garbage&sort=name"} {
			d := adm.page(t, path, http.StatusOK)
			if d.Find("table#users tbody tr").Length() != 1 || !strings.Contains(d.Find("#sort-note").Text(), "first page") {
				t.Errorf("%s: %d rows, note %q", path, d.Find("table#users tbody tr").Length(), d.Find("#sort-note").Text())
			}
		}
	})
}
