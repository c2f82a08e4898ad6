package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestMainPages opens every main page as an administrator of a small
// organization and, with CONSOLE_TEST_SCREENSHOTS set, keeps each at
// desktop and phone width in screenshots/ for a person to look at. Each
// page must load with its heading.
func TestMainPages(t *testing.T) {
	app := apptest.Start(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	acme := app.CreateOrg(t, "acme")
	adm := app.Client(t)
	adm.SignIn(acme.Slug, acme.AdminEmail, acme.AdminPassword)
	adm.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit", "description": "Edit the website's pages"}).ExpectStatus(t, http.StatusCreated)
	var group struct{ ID string }
	adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Content Editors", "description": "Write and publish pages",
		"permissions": []string{"content:edit"}}).ExpectStatus(t, http.StatusCreated).JSON(t, &group)
	// A name of 100 letters without a space must not push any page wide.
	adm.Do("POST", "/api/v1/groups", map[string]any{"name": strings.Repeat("Verylonggroupname", 6)[:100]}).ExpectStatus(t, http.StatusCreated)
	adm.Do("POST", "/api/v1/tokens", map[string]any{"name": "CI deploys", "groups": []string{"Content Editors"}}).ExpectStatus(t, http.StatusCreated)
	var user struct{ ID string }
	for _, email := range []string{"zoe@acme.test", "yan@acme.test", "xia@acme.test"} {
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": email, "groups": []string{"Content Editors"}}).
			ExpectStatus(t, http.StatusCreated).JSON(t, &user)
	}

	ctx := NewBrowser(t)
	Do(t, ctx, chromedp.Navigate(app.URL+"/login"), chromedp.WaitVisible(chromedp.ID("org")))
	Screenshot(t, ctx, "login-desktop", 1280)
	Screenshot(t, ctx, "login-phone", 390)
	Do(t, ctx, chromedp.EmulateViewport(1280, 900))
	signIn(t, ctx, app, acme.Slug, acme.AdminEmail, acme.AdminPassword)
	for _, p := range []struct{ name, path string }{
		{"users", "/users"},
		{"user", "/users/" + user.ID},
		{"invite", "/users/invite"},
		{"groups", "/groups"},
		{"group", "/groups/" + group.ID},
		{"permissions", "/permissions"},
		{"emails", "/emails"},
		{"outbox", "/outbox"},
		{"account", "/account"},
		{"tokens", "/tokens"},
	} {
		Do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(app.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if got := Path(t, ctx); got != p.path {
			t.Errorf("%s: landed on %s", p.path, got)
		}
		for _, width := range []int64{1280, 390} {
			Do(t, ctx, chromedp.EmulateViewport(width, 900))
			if wide := Run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
				t.Errorf("%s is wider than a %d px window", p.path, width)
			}
		}
		Do(t, ctx, chromedp.EmulateViewport(1280, 900))
		if n := Run(t, ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll(".table-wrap")).filter(w => w.scrollWidth > w.clientWidth + 1).length`)); n > 0 {
			t.Errorf("%s: %d tables scroll sideways at 1280 px", p.path, n)
		}
		Screenshot(t, ctx, p.name+"-desktop", 1280)
		Screenshot(t, ctx, p.name+"-phone", 390)
	}
}
