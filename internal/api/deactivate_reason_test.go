package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
)

// TestDeactivationReason checks the optional body of POST
// /users/{id}/deactivate: a reason and note land in the deactivation's
// audit event, an unknown reason or a note too long is 422 naming the
// field and changes nothing, and no body at all still deactivates.
func TestDeactivationReason(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		orgID := acme.Created.Org.ID
		jane := addUser(t, app, orgID, "jane@acme.test", console.StatusActive, "jane's long passphrase")
		bob := addUser(t, app, orgID, "bob@acme.test", console.StatusActive, "bob's long passphrase")
		path := "/api/v1/users/" + jane.ID + "/deactivate"

		for _, tc := range []struct {
			name, field string
			body        map[string]string
		}{
			{"unknown reason", "reason", map[string]string{"reason": "holiday"}},
			{"reason in another case", "reason", map[string]string{"reason": "Leave"}},
			{"note too long", "note", map[string]string{"reason": "other", "note": strings.Repeat("é", console.MaxDeactivationNoteLength+1)}},
			{"control characters", "note", map[string]string{"note": "line\x00break"}},
		} {
			p := wantProblem(t, adm.Do("POST", path, tc.body), http.StatusUnprocessableEntity)
			if len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("%s: errors %+v, want one on %s", tc.name, p.Errors, tc.field)
			}
		}
		var u user
		adm.Do("GET", "/api/v1/users/"+jane.ID, nil).ExpectStatus(t, http.StatusOK).JSON(t, &u)
		if u.Status != "active" {
			t.Fatalf("refused deactivations left jane %s", u.Status)
		}

		note := strings.Repeat("n", console.MaxDeactivationNoteLength)
		adm.Do("POST", path, map[string]string{"reason": "investigation", "note": "  " + note + "\n"}).ExpectStatus(t, http.StatusOK).JSON(t, &u)
		if u.Status != "inactive" {
			t.Errorf("after deactivation jane is %s", u.Status)
		}
		if got := deactivation(t, app, orgID, jane.ID); got["reason"] != "investigation" || got["note"] != note || got["sessions_ended"] == "" {
			t.Errorf("audit details %v", got)
		}

		// Whoever may read the audit trail reads the reason on the profile;
		// a User Manager (no audit:read) does not.
		var profile struct {
			Deactivation *struct{ Reason, Note, By string } `json:"deactivation"`
		}
		adm.Do("GET", "/api/v1/users/"+jane.ID, nil).ExpectStatus(t, http.StatusOK).JSON(t, &profile)
		if d := profile.Deactivation; d == nil || d.Reason != "investigation" || d.Note != note || d.By != acme.Created.Admin.ID {
			t.Errorf("the profile's deactivation: %+v", d)
		}
		manager := addUser(t, app, orgID, "uma@acme.test", console.StatusActive, "uma's long passphrase")
		adm.PatchCurrent("/api/v1/users/"+manager.ID, map[string]any{"groups": []string{"User Managers"}}).ExpectStatus(t, http.StatusOK)
		mc := app.Client(t)
		mc.SignIn("acme", manager.Email, "uma's long passphrase")
		profile.Deactivation = nil
		mc.Do("GET", "/api/v1/users/"+jane.ID, nil).ExpectStatus(t, http.StatusOK).JSON(t, &profile)
		if profile.Deactivation != nil {
			t.Errorf("a User Manager reads the deactivation reason: %+v", profile.Deactivation)
		}

		// No body, as before, and an empty object: no reason recorded.
		adm.Do("POST", "/api/v1/users/"+bob.ID+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		if got := deactivation(t, app, orgID, bob.ID); got["reason"] != "" || got["note"] != "" {
			t.Errorf("deactivation without a body recorded %v", got)
		}
		adm.Do("POST", "/api/v1/users/"+bob.ID+"/reactivate", nil).ExpectStatus(t, http.StatusOK)
		adm.Do("POST", "/api/v1/users/"+bob.ID+"/deactivate", map[string]string{}).ExpectStatus(t, http.StatusOK)

		// Another organization's user is not found, whatever the body says.
		_, other := admin(t, app, "globex")
		wantProblem(t, other.Do("POST", "/api/v1/users/"+bob.ID+"/deactivate", map[string]string{"reason": "leave"}), http.StatusNotFound)
	})
}

// deactivation returns the details of the latest deactivation event of
// user id.
func deactivation(t *testing.T, app *apptest.App, orgID, id string) map[string]string {
	t.Helper()
	events, err := app.Server.Store.ListAudit(context.Background(), orgID, store.AuditFilter{TargetID: id, Action: console.ActionUserDeactivate, Limit: 10})
	if err != nil || len(events) == 0 {
		t.Fatalf("no deactivation event for %s: %v", id, err)
	}
	return events[0].Details
}
