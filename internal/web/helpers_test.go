package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// withMail runs fn on each engine; see apptest.EachEngineWithMail.
var withMail = apptest.EachEngineWithMail

// browser is a client signed in through the form, with the CSRF token its
// pages carry.
type browser struct {
	*apptest.Client
	csrf string
}

func adminBrowser(t *testing.T, app *apptest.App, org *apptest.Org) *browser {
	t.Helper()
	c := app.Client(t)
	return &browser{Client: c, csrf: signIn(t, c, org)}
}

// post sends a form with the CSRF token.
func (b *browser) post(path string, form url.Values) *apptest.Response {
	form.Set("csrf", b.csrf)
	return b.Do("POST", path, form.Encode())
}

// page gets path and parses it, failing unless the status is want.
func (b *browser) page(t *testing.T, path string, want int) *goquery.Document {
	t.Helper()
	r := b.Do("GET", path, nil)
	if r.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, r.StatusCode, want, r.Body)
	}
	return doc(t, r)
}

// wantRedirect fails unless r is a 303 to location.
func wantRedirect(t *testing.T, r *apptest.Response, location string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("%s %s: %d to %q, want 303 to %q\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, r.Header.Get("Location"), location, r.Body)
	}
}

// flashText returns the text of the page's flash messages.
func flashText(d *goquery.Document) string {
	return strings.TrimSpace(d.Find(".flash").Text())
}

// groupID finds the id of a group among the checkboxes of a form.
func groupID(t *testing.T, d *goquery.Document, name string) string {
	t.Helper()
	var id string
	d.Find("label.check").Each(func(_ int, l *goquery.Selection) {
		if strings.HasPrefix(strings.TrimSpace(l.Text()), name) {
			id, _ = l.Find(`input[name=groups]`).Attr("value")
		}
	})
	if id == "" {
		t.Fatalf("no checkbox for group %q", name)
	}
	return id
}

// invite invites email through the form, ticking the named groups.
func (b *browser) invite(t *testing.T, email string, groups ...string) {
	t.Helper()
	d := b.page(t, "/users/invite", http.StatusOK)
	form := url.Values{"email": {email}, "message": {"Welcome!"}}
	for _, g := range groups {
		form.Add("groups", groupID(t, d, g))
	}
	wantRedirect(t, b.post("/users/invite", form), "/users")
}

// userID returns the id of the row of the users list that shows email.
func (b *browser) userID(t *testing.T, email string) string {
	t.Helper()
	id, ok := row(t, b.page(t, "/users", http.StatusOK), email).Attr("data-user-id")
	if !ok {
		t.Fatalf("no users row for %s", email)
	}
	return id
}

// row returns the users table row that shows email.
func row(t *testing.T, d *goquery.Document, email string) *goquery.Selection {
	t.Helper()
	r := d.Find("table#users tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), email)
	})
	if r.Length() != 1 {
		t.Fatalf("%d users rows show %s", r.Length(), email)
	}
	return r
}

// menuItems lists the labels of a row menu.
func menuItems(s *goquery.Selection) []string {
	return s.Find("details.menu .menu-items").Find("a, button").Map(func(_ int, i *goquery.Selection) string {
		return strings.TrimSpace(i.Text())
	})
}

// activate accepts the n-th invitation sent to email through the web form,
// returning the new user's signed-in browser.
func activate(t *testing.T, app *apptest.App, smtp *mailtest.Catcher, email string, n int) *browser {
	t.Helper()
	link := smtp.WaitFor(t, email, n, 10*time.Second)[n-1].Link(app.URL + "/activate?token=")
	if link == "" {
		t.Fatalf("invitation %d to %s has no activation link", n, email)
	}
	_, token, _ := strings.Cut(link, "?token=")
	c := app.Client(t)
	form := url.Values{"token": {token}, "name": {"Jane Doe"}, "password": {"jane's long passphrase"}}
	wantRedirect(t, c.Do("POST", "/activate", form.Encode()), "/")
	csrf, _ := doc(t, c.Do("GET", "/account", nil)).Find(`form[action="/logout"] input[name=csrf]`).Attr("value")
	return &browser{Client: c, csrf: csrf}
}

// waitOutbox polls the Outbox page until it lists n messages: email is
// sent by a background job.
func (b *browser) waitOutbox(t *testing.T, n int) *goquery.Document {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		d := b.page(t, "/outbox", http.StatusOK)
		if d.Find("table#outbox tbody tr").Length() >= n || time.Now().After(deadline) {
			return d
		}
	}
}

// confirmedForm is what a confirmation page posts besides the CSRF token:
// the marker without which a destructive action only asks.
func confirmedForm() url.Values { return url.Values{"confirmed": {"yes"}} }

// formVersion is the version a form page carries in its hidden field, to
// post back as the real form would.
func formVersion(t *testing.T, d *goquery.Document) string {
	t.Helper()
	v, ok := d.Find("form input[name=version]").First().Attr("value")
	if !ok || v == "" || v == "0" {
		t.Fatalf("form without a version field")
	}
	return v
}
