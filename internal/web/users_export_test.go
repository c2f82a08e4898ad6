package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"console/internal/apptest"
)

// TestExportButton: the users list offers its filter as a CSV download.
func TestExportButton(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.post("/users/invite", url.Values{"email": {"zoe@acme.test"}})
		d := adm.page(t, "/users?status=invited&q=zoe", http.StatusOK)
		href, ok := d.Find("a#export").Attr("href")
		if !ok || href != "/users/export.csv?q=zoe&status=invited" {
			t.Fatalf("export link %q", href)
		}
		r := adm.Do("GET", href, nil)
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "zoe@acme.test") || strings.Contains(string(r.Body), acme.AdminEmail) {
			t.Errorf("export: %d\n%s", r.StatusCode, r.Body)
		}
	})
}
