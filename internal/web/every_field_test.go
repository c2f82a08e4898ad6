package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestEveryFormReportsEveryField: on every form with more than one field,
// a submit with every field wrong shows every field's error in one round,
// not one per submit. (Setup and invitation have their own tests.)
func TestEveryFormReportsEveryField(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		adm.invite(t, "ivy@acme.test")
		adm.invite(t, "pat@acme.test")
		activate(t, app, smtp, "pat@acme.test", 1)
		pat := adm.userID(t, "pat@acme.test")
		link := smtp.WaitFor(t, "ivy@acme.test", 1, 10*time.Second)[0].Link(app.URL + "/activate?token=")
		_, token, _ := strings.Cut(link, "?token=")
		editForm := adm.page(t, "/users/"+pat+"/edit", http.StatusOK)
		long := strings.Repeat("x", 501)

		cases := []struct {
			name   string
			client *browser
			path   string
			form   url.Values
			fields []string
		}{
			{"activation", &browser{Client: app.Client(t)}, "/activate",
				url.Values{"token": {token}, "name": {" "}, "password": {"short"}}, []string{"name", "password"}},
			{"new group", adm, "/groups/new",
				url.Values{"name": {" "}, "description": {long}}, []string{"name", "description"}},
			{"new permission", adm, "/permissions",
				url.Values{"name": {"Not A Permission"}, "description": {long}}, []string{"name", "description"}},
			{"edit user", adm, "/users/" + pat + "/edit",
				url.Values{"version": {formVersion(t, editForm)}, "name": {" "}, "email": {"not an address"}}, []string{"name", "email"}},
		}
		for _, c := range cases {
			var r *apptest.Response
			if c.client.csrf == "" {
				r = c.client.Do("POST", c.path, c.form.Encode())
			} else {
				r = c.client.post(c.path, c.form)
			}
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", c.name, r.StatusCode)
				continue
			}
			d := doc(t, r)
			for _, f := range c.fields {
				if d.Find("#"+f+"-error").Length() != 1 {
					t.Errorf("%s: no error shown on %s", c.name, f)
				}
			}
		}
	})
}
