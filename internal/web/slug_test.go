package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
)

// TestSlugShownAndRemembered: before any organization exists, / says so
// and where the setup link is; afterwards the UI shows the company slug,
// and the sign-in and forgotten-password forms fill in the slug this
// browser last signed in with, also after signing out, but not in another
// browser, and never a cookie that is not a slug.
func TestSlugShownAndRemembered(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		r := app.Client(t).Do("GET", "/", nil)
		if r.StatusCode != http.StatusOK || doc(t, r).Find("#not-set-up").Length() != 1 ||
			!strings.Contains(string(r.Body), "/setup?token=") {
			t.Fatalf("/ before setup: %d\n%s", r.StatusCode, r.Body)
		}
		acme := app.CreateOrg(t, "acme-eu")
		wantRedirect(t, app.Client(t).Do("GET", "/", nil), "/login")

		b := adminBrowser(t, app, acme)
		users := b.page(t, "/users", http.StatusOK)
		for _, sel := range []string{".nav-slug .mono", "#org-slug"} {
			if got := strings.TrimSpace(users.Find(sel).Text()); got != "acme-eu" {
				t.Errorf("the users page shows the slug %q in %s, want acme-eu", got, sel)
			}
		}
		wantRedirect(t, b.post("/logout", url.Values{}), "/login")
		for _, path := range []string{"/login", "/forgot-password"} {
			if v, _ := b.page(t, path, http.StatusOK).Find("input#org").Attr("value"); v != "acme-eu" {
				t.Errorf("%s after signing out: company %q, want acme-eu", path, v)
			}
		}
		if v, _ := b.page(t, "/login?org=globex", http.StatusOK).Find("input#org").Attr("value"); v != "globex" {
			t.Errorf("/login?org=globex: company %q, want the one asked for", v)
		}
		if v, _ := doc(t, app.Client(t).Do("GET", "/login", nil)).Find("input#org").Attr("value"); v != "" {
			t.Errorf("another browser is offered company %q", v)
		}
		req, _ := http.NewRequest("GET", app.URL+"/login", nil)
		req.Header.Set("Cookie", `console_org="><script>x</script>`)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		page, _ := goquery.NewDocumentFromReader(resp.Body)
		if v, _ := page.Find("input#org").Attr("value"); v != "" {
			t.Errorf("a cookie that is not a slug is offered as company %q", v)
		}
	})
}
