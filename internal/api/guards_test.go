package api_test

import (
	"net/http"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestGuards: nobody deactivates themselves; the last active user able to
// manage groups stays; nobody grants what they do not hold, nor acts on
// someone who holds more.
func TestGuards(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme, adm := admin(t, app, "acme")
		adminID := acme.Created.Admin.ID
		wantProblem(t, adm.Do("POST", "/api/v1/users/"+adminID+"/deactivate", nil), http.StatusConflict)

		managerID := invite(t, adm, "manager@acme.test", "User Managers")
		activate(t, app, tokenOf(link(t, app, smtp, "manager@acme.test", 1, "/activate")), "Manny", "manny's long passphrase").ExpectStatus(t, http.StatusOK)
		manager := app.Client(t)
		manager.SignIn("acme", "manager@acme.test", "manny's long passphrase")

		// A User Manager cannot act on an Administrator at all: changing
		// their email and sending a reset would hand over their account.
		for _, r := range []*apptest.Response{
			manager.Do("POST", "/api/v1/users/"+adminID+"/deactivate", nil),
			manager.Do("POST", "/api/v1/users/"+adminID+"/password-reset", nil),
			manager.PatchCurrent("/api/v1/users/"+adminID, map[string]any{"email": "attacker@evil.test"}),
		} {
			if p := wantProblem(t, r, http.StatusForbidden); !contains(p.Detail, "which you do not hold") {
				t.Errorf("user manager acting on an administrator: %+v", p)
			}
		}
		// Escalation: a User Manager cannot hand out Administrators.
		wantProblem(t, manager.Do("POST", "/api/v1/users/invite", map[string]any{"email": "crony@acme.test", "groups": []string{"Administrators"}}), http.StatusForbidden)
		r := manager.Do("GET", "/api/v1/users/"+managerID, nil)
		wantProblem(t, manager.Do("PATCH", "/api/v1/users/"+managerID, map[string]any{"groups": []string{"User Managers", "Administrators"}}, "If-Match", r.Header.Get("ETag")), http.StatusForbidden)
		if u := getUser(t, adm, managerID); u.Version != 1+1 { // activation bumped it once
			t.Errorf("refused escalation changed the user: version %d", u.Version)
		}

		// With a second administrator, the first may go.
		secondID := invite(t, adm, "second@acme.test", "Administrators")
		activate(t, app, tokenOf(link(t, app, smtp, "second@acme.test", 1, "/activate")), "Sec", "second's long passphrase").ExpectStatus(t, http.StatusOK)
		second := app.Client(t)
		second.SignIn("acme", "second@acme.test", "second's long passphrase")
		second.Do("POST", "/api/v1/users/"+adminID+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		// ...but now the second may not lose Administrators.
		r = second.Do("GET", "/api/v1/users/"+secondID, nil)
		wantProblem(t, second.Do("PATCH", "/api/v1/users/"+secondID, map[string]any{"groups": []string{}}, "If-Match", r.Header.Get("ETag")), http.StatusConflict)
	})
}
