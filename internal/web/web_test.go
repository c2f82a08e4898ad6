package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
)

// eachEngine runs fn on each engine; see apptest.EachEngine.
var eachEngine = apptest.EachEngine

func doc(t *testing.T, r *apptest.Response) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// signIn posts the sign-in form and returns the CSRF token of the next page.
func signIn(t *testing.T, c *apptest.Client, org *apptest.Org) string {
	t.Helper()
	form := url.Values{"org": {org.Slug}, "email": {org.AdminEmail}, "password": {org.AdminPassword}, "next": {"/users"}}
	r := c.Do("POST", "/login", form.Encode())
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/users" {
		t.Fatalf("sign in: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	csrf, _ := doc(t, c.Do("GET", "/users", nil)).Find(`form[action="/logout"] input[name=csrf]`).Attr("value")
	return csrf
}

func TestLoginPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		r := c.Do("GET", "/login", nil)
		d := doc(t, r)
		for _, id := range []string{"org", "email", "password"} {
			if d.Find(fmt.Sprintf(`label[for=%s]`, id)).Length() != 1 || d.Find("input#"+id).Length() != 1 {
				t.Errorf("sign-in form lacks a labelled #%s", id)
			}
		}
		form := url.Values{"org": {"acme"}, "email": {acme.AdminEmail}, "password": {"wrong password"}}
		r = c.Do("POST", "/login", form.Encode())
		d = doc(t, r)
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(d.Find(".flash-error").Text(), "company, email or password is incorrect") {
			t.Fatalf("wrong password: %d %q", r.StatusCode, d.Find(".flash-error").Text())
		}
		if v, _ := d.Find("input#email").Attr("value"); v != acme.AdminEmail {
			t.Errorf("typed email not kept: %q", v)
		}
		if d.Find("input#password[value]").Length() != 0 {
			t.Errorf("password echoed back into the page")
		}
	})
}

func TestUsersPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, globex := app.CreateOrg(t, "acme"), app.CreateOrg(t, "globex")
		c := app.Client(t)
		r := c.Do("GET", "/users?status=active", nil)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fusers%3Fstatus%3Dactive" {
			t.Fatalf("anonymous users page: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		signIn(t, c, acme)
		d := doc(t, c.Do("GET", "/users", nil))
		rows := d.Find("table#users tbody tr")
		if rows.Length() != 1 || !strings.Contains(rows.Text(), acme.AdminEmail) || strings.Contains(d.Text(), globex.AdminEmail) {
			t.Fatalf("users table: %q", rows.Text())
		}
		if got := rows.Find(".badge").Text(); got != "Active" {
			t.Errorf("status badge %q", got)
		}
		if !strings.Contains(rows.Text(), "Administrators") {
			t.Errorf("groups column: %q", rows.Text())
		}
		if d.Find(`nav a[aria-current=page][href="/users"]`).Length() != 1 {
			t.Errorf("navigation does not mark Users as current")
		}
		d = doc(t, c.Do("GET", "/users?q=nobody", nil))
		if d.Find("table#users").Length() != 0 || !strings.Contains(d.Find(".empty h2").Text(), "No users match") {
			t.Errorf("empty state for a search: %q", d.Find(".empty").Text())
		}
	})
}

func TestErrorPagesAndAssets(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		c := app.Client(t)
		r := c.Do("GET", "/no/such/page", nil)
		if r.StatusCode != http.StatusNotFound || doc(t, r).Find(".error-code").Text() != "404" {
			t.Fatalf("unknown page: %d", r.StatusCode)
		}
		r = c.Do("GET", "/setup?token=forged", nil)
		if r.StatusCode != http.StatusNotFound || !strings.Contains(string(r.Body), "no longer valid") {
			t.Fatalf("forged setup link: %d", r.StatusCode)
		}
		r = c.Do("GET", "/activate?token=forged", nil)
		if r.StatusCode != http.StatusGone || !strings.Contains(string(r.Body), "ask your administrator") {
			t.Fatalf("forged activation link: %d", r.StatusCode)
		}
		r = c.Do("GET", "/static/console.css", nil)
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
			t.Fatalf("stylesheet: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
	})
}

// TestSetupOnce: eight people posting the same setup link at the same
// moment make one organization.
func TestSetupOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		link, err := app.Server.Service.SetupLink(context.Background())
		if err != nil || link == "" {
			t.Fatalf("setup link: %q %v", link, err)
		}
		token := link[strings.Index(link, "token=")+len("token="):]
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				form := url.Values{"token": {token}, "name": {fmt.Sprint("Org ", i)}, "slug": {fmt.Sprint("org", i)},
					"admin_name": {"Boss"}, "admin_email": {fmt.Sprintf("boss%d@org.test", i)}, "admin_password": {"a long unusual passphrase"}}
				r := app.Client(t).Do("POST", "/setup", form.Encode())
				mu.Lock()
				codes[r.StatusCode]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if codes[http.StatusSeeOther] != 1 {
			t.Errorf("answers %v, want one setup", codes)
		}
	})
}

// TestSetupReportsEveryField: a setup form sent empty, then with every
// field wrong in another way, shows an error on every field at once, and
// sets nothing up.
func TestSetupReportsEveryField(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		link, err := app.Server.Service.SetupLink(context.Background())
		if err != nil || link == "" {
			t.Fatalf("setup link: %q %v", link, err)
		}
		token := link[strings.Index(link, "token=")+len("token="):]
		all := []string{"name", "slug", "admin_name", "admin_email", "admin_password"}
		for _, form := range []url.Values{
			{"token": {token}},
			{"token": {token}, "name": {" "}, "slug": {"-Bad Slug-"}, "admin_name": {strings.Repeat("n", 201)},
				"admin_email": {"not an address"}, "admin_password": {"short"}},
		} {
			r := app.Client(t).Do("POST", "/setup", form.Encode())
			d := doc(t, r)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("setup with %v: status %d", form, r.StatusCode)
			}
			for _, id := range all {
				if d.Find("#"+id+"-error").Length() != 1 || d.Find("input#"+id+`[aria-invalid="true"]`).Length() != 1 {
					t.Errorf("setup with %v: no error shown on %s", form, id)
				}
			}
		}
		if setUp, err := app.Server.Service.SetUp(context.Background()); err != nil || setUp {
			t.Errorf("set up after invalid forms: %v %v", setUp, err)
		}
	})
}
