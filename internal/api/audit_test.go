package api_test

import (
	"context"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
)

// TestAuditTrail checks that state changes leave events with actor, action,
// target, time and IP, and that a failed change leaves none.
func TestAuditTrail(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		orgID, adminID := acme.Created.Org.ID, acme.Created.Admin.ID
		c := app.Client(t)
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		c.Do("DELETE", "/api/v1/session", nil)

		events, err := app.Server.Store.ListAudit(context.Background(), orgID, store.AuditFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		byAction := map[string]*console.AuditEvent{}
		for _, e := range events {
			byAction[e.Action] = e
		}
		for _, action := range []string{console.ActionOrgCreate, console.ActionUserCreate, console.ActionUserSignIn, console.ActionUserSignOut} {
			if byAction[action] == nil {
				t.Errorf("no %s event among %d", action, len(events))
			}
		}
		for _, action := range []string{console.ActionUserSignIn, console.ActionUserSignOut} {
			e := byAction[action]
			if e == nil {
				continue
			}
			if e.ActorID != adminID || e.IP != "127.0.0.1" || e.TargetID == "" || e.CreatedAt.IsZero() {
				t.Errorf("%s event %+v: want actor, IP, target and time", action, e)
			}
		}
		if e := byAction[console.ActionUserCreate]; e != nil && e.TargetID != adminID {
			t.Errorf("user.create targets %s, want %s", e.TargetID, adminID)
		}

		// A refused organization (taken slug) writes nothing.
		before := len(events)
		if _, err := app.Server.Service.CreateOrg(context.Background(), serviceOrg("acme")); err == nil {
			t.Fatal("duplicate slug accepted")
		}
		events, _ = app.Server.Store.ListAudit(context.Background(), orgID, store.AuditFilter{Limit: 50})
		if len(events) != before {
			t.Errorf("failed change wrote %d audit events", len(events)-before)
		}
	})
}
