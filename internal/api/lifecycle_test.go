package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/mailtest"
	"console/internal/store"
)

// TestUserJourney follows one person from invitation to deletion over
// HTTP, with the invitation delivered by real SMTP.
func TestUserJourney(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme, adm := admin(t, app, "acme")
		id := invite(t, adm, "jane@acme.test", "User Managers")

		msg := smtp.WaitFor(t, "jane@acme.test", 1, 10*time.Second)[0]
		if !strings.Contains(msg.Subject, "acme Inc") || !strings.Contains(msg.Text, "Welcome aboard!") || !strings.Contains(msg.HTML, "Welcome aboard!") {
			t.Errorf("invitation email: %q\n%s", msg.Subject, msg.Text)
		}
		token := tokenOf(link(t, app, smtp, "jane@acme.test", 1, "/activate"))
		activate(t, app, token, "Jane Doe", "jane's long passphrase").ExpectStatus(t, http.StatusOK)

		jane := app.Client(t)
		jane.SignIn("acme", "jane@acme.test", "jane's long passphrase")
		jane.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

		adm.Do("POST", "/api/v1/users/"+id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		wantProblem(t, jane.Do("GET", "/api/v1/users", nil), http.StatusUnauthorized)
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": "jane@acme.test", "password": "jane's long passphrase"}), http.StatusUnauthorized)

		adm.Do("POST", "/api/v1/users/"+id+"/reactivate", nil).ExpectStatus(t, http.StatusOK)
		jane = app.Client(t)
		jane.SignIn("acme", "jane@acme.test", "jane's long passphrase")

		adm.Do("POST", "/api/v1/users/"+id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		p := wantProblem(t, adm.Do("DELETE", "/api/v1/users/"+id, map[string]string{"confirm_email": "someone@acme.test"}), http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "confirm_email" {
			t.Errorf("wrong confirmation: %+v", p)
		}
		var deleted struct {
			Deleted             bool `json:"deleted"`
			RecentlyDeactivated bool `json:"recently_deactivated"`
		}
		adm.Do("DELETE", "/api/v1/users/"+id, map[string]string{"confirm_email": "JANE@acme.test"}).ExpectStatus(t, http.StatusOK).JSON(t, &deleted)
		if !deleted.Deleted || !deleted.RecentlyDeactivated {
			t.Errorf("delete answer %+v: want the recently-deactivated warning", deleted)
		}
		wantProblem(t, adm.Do("GET", "/api/v1/users/"+id, nil), http.StatusNotFound)

		// The trail keeps the deleted user's id, and nothing of their email.
		events, _ := app.Server.Store.ListAudit(context.Background(), acme.Created.Org.ID, store.AuditFilter{TargetID: id, Limit: 50})
		actions := map[string]bool{}
		for _, e := range events {
			actions[e.Action] = true
			for _, v := range e.Details {
				if strings.Contains(v, "jane") {
					t.Errorf("audit event %s keeps personal data: %v", e.Action, e.Details)
				}
			}
		}
		for _, a := range []string{console.ActionUserInvite, console.ActionUserActivate, console.ActionUserDeactivate, console.ActionUserReactivate, console.ActionUserDelete} {
			if !actions[a] {
				t.Errorf("no %s event for the deleted user (have %v)", a, actions)
			}
		}
	})
}
