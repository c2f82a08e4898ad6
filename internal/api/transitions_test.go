package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestRefusedTransitions tries every action the status table does not allow
// and expects 409 with nothing changed.
func TestRefusedTransitions(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		invited := invite(t, adm, "invited@acme.test")
		active := invite(t, adm, "active@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "active@acme.test", 1, "/activate")), "Al", "al's long passphrase").ExpectStatus(t, http.StatusOK)
		inactive := invite(t, adm, "inactive@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "inactive@acme.test", 1, "/activate")), "In", "in's long passphrase").ExpectStatus(t, http.StatusOK)
		adm.Do("POST", "/api/v1/users/"+inactive+"/deactivate", nil).ExpectStatus(t, http.StatusOK)

		type req struct{ method, path string }
		refused := map[string][]req{
			invited:  {{"POST", "/deactivate"}, {"POST", "/reactivate"}, {"POST", "/password-reset"}, {"DELETE", ""}},
			active:   {{"POST", "/invitation/resend"}, {"DELETE", "/invitation"}, {"POST", "/reactivate"}, {"DELETE", ""}},
			inactive: {{"POST", "/deactivate"}, {"POST", "/invitation/resend"}, {"DELETE", "/invitation"}, {"POST", "/password-reset"}, {"PATCH", ""}},
		}
		for id, reqs := range refused {
			before := getUser(t, adm, id)
			for _, r := range reqs {
				var body any
				header := []string{}
				switch r.method {
				case "DELETE":
					if r.path == "" {
						body = map[string]string{"confirm_email": before.Email}
					}
				case "PATCH":
					body = map[string]string{"name": "Renamed"}
					header = []string{"If-Match", `"` + itoa(before.Version) + `"`}
				}
				wantProblem(t, adm.Do(r.method, "/api/v1/users/"+id+r.path, body, header...), http.StatusConflict)
			}
			if after := getUser(t, adm, id); after.Status != before.Status || after.Version != before.Version {
				t.Errorf("refused actions changed %s: %+v -> %+v", before.Email, before, after)
			}
		}
	})
}
