package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"console/internal/apptest"
)

// TestTokenFormSentTwice: the page that answered the new-token form, sent
// again (a reload), makes no second token and says why no secret shows.
func TestTokenFormSentTwice(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		d := adm.page(t, "/tokens", http.StatusOK)
		formID, _ := d.Find(`input[name=form_id]`).Attr("value")
		admins, _ := d.Find(`input[name=groups]`).First().Attr("value")
		form := url.Values{"form_id": {formID}, "name": {"CI"}, "groups": {admins}, "lifetime": {"90"}}
		first := adm.post("/tokens", form)
		if first.StatusCode != http.StatusCreated || doc(t, first).Find("#secret").Length() != 1 {
			t.Fatalf("first send: %d", first.StatusCode)
		}
		again := adm.post("/tokens", form)
		if again.StatusCode != http.StatusConflict || doc(t, again).Find("#secret").Length() != 0 ||
			!strings.Contains(doc(t, again).Find(".flash").Text(), "already sent") {
			t.Errorf("second send: %d", again.StatusCode)
		}
		if n := doc(t, adm.Do("GET", "/tokens", nil)).Find(`tr[data-token="CI"]`).Length(); n != 1 {
			t.Errorf("%d tokens named CI", n)
		}
		// A refused form frees its id: corrected, it goes through.
		bad := url.Values{"form_id": {"f-2"}, "name": {""}, "groups": {admins}, "lifetime": {"90"}}
		if r := adm.post("/tokens", bad); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty name: %d", r.StatusCode)
		}
		bad.Set("name", "CD")
		if r := adm.post("/tokens", bad); r.StatusCode != http.StatusCreated {
			t.Errorf("corrected form: %d", r.StatusCode)
		}
	})
}
