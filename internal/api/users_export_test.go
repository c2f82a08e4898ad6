package api_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
)

// TestUsersExport: the CSV holds every user the filter keeps with their
// groups and dates, neutralises cells a spreadsheet would run, is an
// audit event, and asks users:read.
func TestUsersExport(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		createGroup(t, adm, "Editors")
		invite(t, adm, "zoe@acme.test", "Editors")
		bad := addUser(t, app, acme.Created.Org.ID, "eve@acme.test", console.StatusActive, "")
		adm.PatchCurrent("/api/v1/users/"+bad.ID, map[string]any{"name": "=HYPERLINK(\"http://evil.test\",\"x\")"}).ExpectStatus(t, http.StatusOK)

		r := adm.Do("GET", "/api/v1/users/export.csv", nil).ExpectStatus(t, http.StatusOK)
		if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" || !strings.Contains(cd, `filename="users-acme-`) {
			t.Errorf("headers %q, %q", ct, cd)
		}
		body := string(r.Body)
		if !strings.HasPrefix(body, "\ufeff") {
			t.Error("no byte-order mark")
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(rows[0], ",") != "email,name,status,groups,invited_at,activated_at,last_sign_in_at,deactivated_at" || len(rows) != 4 {
			t.Fatalf("export: %q", rows)
		}
		byEmail := map[string][]string{}
		for _, row := range rows[1:] {
			byEmail[row[0]] = row
		}
		if z := byEmail["zoe@acme.test"]; z[2] != "invited" || z[3] != "Editors" || z[4] == "" || z[5] != "" {
			t.Errorf("zoe: %q", z)
		}
		if e := byEmail["eve@acme.test"]; !strings.HasPrefix(e[1], "'=") {
			t.Errorf("a formula was not neutralised: %q", e[1])
		}

		// The filter applies; a bad one is a problem, not a file.
		r = adm.Do("GET", "/api/v1/users/export.csv?status=invited", nil).ExpectStatus(t, http.StatusOK)
		if n := strings.Count(string(r.Body), "\r\n"); n != 2 {
			t.Errorf("invited only: %d lines\n%s", n, r.Body)
		}
		wantProblem(t, adm.Do("GET", "/api/v1/users/export.csv?status=nope", nil), http.StatusUnprocessableEntity)

		events, err := app.Server.Store.ListAudit(context.Background(), acme.Created.Org.ID, store.AuditFilter{Action: console.ActionUserExport, Limit: 10})
		if err != nil || len(events) != 2 || events[0].Details["status"] != "invited" {
			t.Errorf("export events: %+v, %v", events, err)
		}

		// users:invite alone may not export.
		inviters := createGroup(t, adm, "Inviters", console.PermUsersInvite)
		u := addUser(t, app, acme.Created.Org.ID, "ivy@acme.test", console.StatusActive, "ivy's long passphrase")
		addMember(t, adm, inviters.ID, u.ID).ExpectStatus(t, http.StatusOK)
		ivy := app.Client(t)
		ivy.SignIn("acme", "ivy@acme.test", "ivy's long passphrase")
		wantProblem(t, ivy.Do("GET", "/api/v1/users/export.csv", nil), http.StatusForbidden)
	})
}
