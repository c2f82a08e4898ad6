package api_test

import (
	"context"
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
)

const firefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"

type ownSession struct {
	ID        string `json:"id"`
	IP        string `json:"ip"`
	UserAgent string `json:"user_agent"`
	Current   bool   `json:"current"`
	Device    struct {
		Type, OS, Browser string
		Version           string `json:"browser_version"`
	} `json:"device"`
}

func ownSessions(t *testing.T, c *apptest.Client) []ownSession {
	t.Helper()
	var out struct{ Sessions []ownSession }
	c.Do("GET", "/api/v1/me/sessions", nil).ExpectStatus(t, http.StatusOK).JSON(t, &out)
	return out.Sessions
}

// signInWithAgent signs c in with a browser's User-Agent header,.
func signInWithAgent(t *testing.T, c *apptest.Client, org *apptest.Org, userAgent string) {
	t.Helper()
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.Do("POST", "/api/v1/session", map[string]string{"org": org.Slug, "email": org.AdminEmail, "password": org.AdminPassword},
		"User-Agent", userAgent).ExpectStatus(t, http.StatusOK).JSON(t, &out)
	c.CSRF = out.CSRFToken
}

// TestOwnSessions: a person lists their sessions with device, browser,
// address and times, the one in use first; ends one (which fails on its
// very next request) and then every other; cannot see or end anyone
// else's; each end is audited.
func TestOwnSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, globex := app.CreateOrg(t, "acme"), app.CreateOrg(t, "globex")
		laptop, phone, tablet := app.Client(t), app.Client(t), app.Client(t)
		signInWithAgent(t, laptop, acme, firefoxOnWindows)
		signInWithAgent(t, phone, acme, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
		signInWithAgent(t, tablet, acme, "")
		outsider := app.Client(t)
		outsider.SignIn(globex.Slug, globex.AdminEmail, globex.AdminPassword)

		list := ownSessions(t, laptop)
		if len(list) != 3 {
			t.Fatalf("%d sessions, want 3: %+v", len(list), list)
		}
		first := list[0]
		if !first.Current || first.IP != "127.0.0.1" || first.UserAgent != firefoxOnWindows ||
			first.Device.Type != "Desktop" || first.Device.OS != "Windows" || first.Device.Browser != "Firefox" || first.Device.Version != "128" {
			t.Errorf("the session in use: %+v", first)
		}
		var phoneID, tabletID string
		for _, s := range list[1:] {
			if s.Current {
				t.Errorf("two current sessions: %+v", list)
			}
			switch s.Device.Type {
			case "Mobile":
				phoneID = s.ID
			case "":
				tabletID = s.ID
			}
		}
		if phoneID == "" || tabletID == "" {
			t.Fatalf("phone %q, header-less %q in %+v", phoneID, tabletID, list)
		}

		// Nobody else's session can be ended or probed: the same 404 as a
		// session that does not exist.
		wantProblem(t, outsider.Do("DELETE", "/api/v1/me/sessions/"+phoneID, nil), http.StatusNotFound)
		wantProblem(t, outsider.Do("DELETE", "/api/v1/me/sessions/not-a-session", nil), http.StatusNotFound)
		if !alive(t, phone) {
			t.Fatal("another organization ended a session")
		}
		for _, s := range ownSessions(t, outsider) {
			if s.ID == phoneID || s.ID == tabletID {
				t.Errorf("globex sees an acme session")
			}
		}

		laptop.Do("DELETE", "/api/v1/me/sessions/"+phoneID, nil).ExpectStatus(t, http.StatusNoContent)
		if alive(t, phone) {
			t.Error("an ended session still works")
		}
		wantProblem(t, laptop.Do("DELETE", "/api/v1/me/sessions/"+phoneID, nil), http.StatusNotFound)

		var ended struct{ Ended int64 }
		laptop.Do("DELETE", "/api/v1/me/sessions", nil).ExpectStatus(t, http.StatusOK).JSON(t, &ended)
		if ended.Ended != 1 || alive(t, tablet) || !alive(t, laptop) || !alive(t, outsider) {
			t.Errorf("everywhere else: ended %d, tablet %v, laptop %v, outsider %v", ended.Ended, alive(t, tablet), alive(t, laptop), alive(t, outsider))
		}
		if list := ownSessions(t, laptop); len(list) != 1 || !list[0].Current {
			t.Errorf("left: %+v", list)
		}

		events, err := app.Server.Store.ListAudit(context.Background(), acme.Created.Org.ID, store.AuditFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]*console.AuditEvent{}
		for _, e := range events {
			seen[e.Action] = e
		}
		if e := seen[console.ActionSessionEnd]; e == nil || e.TargetID != phoneID || e.ActorID != acme.Created.Admin.ID {
			t.Errorf("ending one session: %+v", e)
		}
		if e := seen[console.ActionSessionsEndOthers]; e == nil || e.Details["ended"] != "1" {
			t.Errorf("ending the others: %+v", e)
		}

		// Ending the session in use signs out.
		cur := ownSessions(t, laptop)[0].ID
		laptop.Do("DELETE", "/api/v1/me/sessions/"+cur, nil).ExpectStatus(t, http.StatusNoContent)
		if alive(t, laptop) || laptop.Cookie("console_session") != "" {
			t.Errorf("the session in use survived its end")
		}
	})
}
