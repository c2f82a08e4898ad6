package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"console/internal/api"
	"console/internal/apptest"
	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
	"console/internal/store/storetest"
)

// TestIdempotentInvite: a retried invite with the same Idempotency-Key
// and body gets the first answer byte for byte, marked replayed, and
// invites once (one user, one email); another body with the key is 422,
// a malformed key 400, each naming the header.
func TestIdempotentInvite(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		body := map[string]any{"email": "new@acme.test", "message": "Welcome"}
		first := adm.Do("POST", "/api/v1/users/invite", body, "Idempotency-Key", "invite-1").ExpectStatus(t, http.StatusCreated)
		if first.Header.Get("Idempotent-Replayed") != "" || first.Header.Get("ETag") == "" || first.Header.Get("Location") == "" {
			t.Fatalf("first answer's headers %v", first.Header)
		}
		for _, key := range []string{"invite-1", `"invite-1"`} { // bare (Stripe) or a structured-field string (the draft)
			again := adm.Do("POST", "/api/v1/users/invite", body, "Idempotency-Key", key).ExpectStatus(t, http.StatusCreated)
			if !bytes.Equal(again.Body, first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("retry: %s %v, first %s", again.Body, again.Header, first.Body)
			}
			for _, h := range []string{"Content-Type", "ETag", "Location"} {
				if again.Header.Get(h) != first.Header.Get(h) {
					t.Errorf("replayed %s %q, first %q", h, again.Header.Get(h), first.Header.Get(h))
				}
			}
		}
		var list struct {
			Users []user `json:"users"`
		}
		adm.Do("GET", "/api/v1/users?q=new@acme.test", nil).ExpectStatus(t, 200).JSON(t, &list)
		if len(list.Users) != 1 {
			t.Fatalf("%d users after a retried invite", len(list.Users))
		}
		var emails struct {
			Emails []struct{ ID string } `json:"emails"`
		}
		adm.Do("GET", "/api/v1/users/"+list.Users[0].ID+"/emails", nil).ExpectStatus(t, 200).JSON(t, &emails)
		if len(emails.Emails) != 1 {
			t.Errorf("%d emails after a retried invite", len(emails.Emails))
		}

		p := wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "other@acme.test"}, "Idempotency-Key", "invite-1"), 422)
		if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" {
			t.Errorf("another body with the key: %+v", p)
		}
		for _, bad := range []string{"", `""`, strings.Repeat("k", 256), "tab\there", "é"} {
			p := wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "x@acme.test"}, "Idempotency-Key", bad), 400)
			if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" {
				t.Errorf("key %q: %+v", bad, p)
			}
		}
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "x@acme.test"}, "Idempotency-Key", strings.Repeat("k", 255)).
			ExpectStatus(t, http.StatusCreated)

		// A refused request frees its key: fixed, it runs.
		wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "not an address"}, "Idempotency-Key", "fix-me"), 422)
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "fixed@acme.test"}, "Idempotency-Key", "fix-me").
			ExpectStatus(t, http.StatusCreated)

		// Keys belong to a route: the same key creates a group.
		g := adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Editors"}, "Idempotency-Key", "invite-1").ExpectStatus(t, http.StatusCreated)
		if g.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("a key of another route replayed: %s", g.Body)
		}
		// Without a key, nothing changes: a second invite is a duplicate.
		wantProblem(t, adm.Do("POST", "/api/v1/users/invite", body), http.StatusConflict)

		// A cancelled invitation takes its answer along (it names the
		// person), but a late retry still invites nobody again.
		adm.Do("DELETE", "/api/v1/users/"+list.Users[0].ID+"/invitation", nil).ExpectStatus(t, http.StatusNoContent)
		p = wantProblem(t, adm.Do("POST", "/api/v1/users/invite", body, "Idempotency-Key", "invite-1"), http.StatusConflict)
		if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" {
			t.Errorf("a retry after the invitation was cancelled: %+v", p)
		}
		adm.Do("GET", "/api/v1/users?q=new@acme.test", nil).ExpectStatus(t, 200).JSON(t, &list)
		if len(list.Users) != 0 {
			t.Errorf("a retry invited a cancelled person again")
		}
	})
}

// TestIdempotencyKeyScopes: a key belongs to its caller and organization
// (another administrator's same key creates anew, and never sees the
// first answer), and is kept 24 hours: after that it is free again.
func TestIdempotencyKeyScopes(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acmeOrg, acme := admin(t, app, "acme")
		_, globex := admin(t, app, "globex")
		perm := map[string]string{"name": "content:edit", "description": "Edit"}
		a := acme.Do("POST", "/api/v1/permissions", perm, "Idempotency-Key", "k").ExpectStatus(t, http.StatusCreated)
		g := globex.Do("POST", "/api/v1/permissions", perm, "Idempotency-Key", "k").ExpectStatus(t, http.StatusCreated)
		if g.Header.Get("Idempotent-Replayed") != "" || a.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("another organization's key replayed")
		}
		app.Clock.Advance(25 * time.Hour)
		acme = app.Client(t) // the session has ended meanwhile
		acme.SignIn("acme", acmeOrg.AdminEmail, acmeOrg.AdminPassword)
		other := map[string]string{"name": "content:read", "description": "Read"}
		r := acme.Do("POST", "/api/v1/permissions", other, "Idempotency-Key", "k").ExpectStatus(t, http.StatusCreated)
		if r.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("a key older than 24 hours replayed")
		}
		if err := app.Server.Service.ApplyRetention(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}

// TestConcurrentIdempotentRetries: retries of one invite sent at once to
// two Console instances sharing a database create one user: every answer
// is the one 201 (first or replayed) or a 409 naming Idempotency-Key with
// Retry-After, and a later retry gets the 201.
func TestConcurrentIdempotentRetries(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			one, two := apptest.StartOn(t, dsn), apptest.StartOn(t, dsn)
			_, adm := admin(t, one, "acme")
			body := map[string]any{"email": "once@acme.test"}
			const n = 12
			answers := make([]*apptest.Response, n)
			var wg sync.WaitGroup
			for i := range n {
				c := adm
				if i%2 == 1 {
					c = adm.On(two)
				}
				wg.Go(func() { answers[i] = c.Do("POST", "/api/v1/users/invite", body, "Idempotency-Key", "same") })
			}
			wg.Wait()
			var created []byte
			for _, r := range answers {
				switch r.StatusCode {
				case http.StatusCreated:
					if created != nil && !bytes.Equal(created, r.Body) {
						t.Errorf("two different 201s:\n%s\n%s", created, r.Body)
					}
					created = r.Body
				case http.StatusConflict:
					p := wantProblem(t, r, http.StatusConflict)
					if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" || r.Header.Get("Retry-After") == "" {
						t.Errorf("409 not about the key: %s %v", r.Body, r.Header)
					}
				default:
					t.Errorf("answer %d %s", r.StatusCode, r.Body)
				}
			}
			last := adm.Do("POST", "/api/v1/users/invite", body, "Idempotency-Key", "same").ExpectStatus(t, http.StatusCreated)
			if created != nil && !bytes.Equal(last.Body, created) {
				t.Errorf("later retry %s, first %s", last.Body, created)
			}
			var list struct {
				Users []user `json:"users"`
			}
			adm.Do("GET", "/api/v1/users?q=once@acme.test", nil).ExpectStatus(t, 200).JSON(t, &list)
			if len(list.Users) != 1 {
				t.Errorf("%d users", len(list.Users))
			}
		})
	}
}

// TestIdempotentSecretIsNotKept: a creating route whose answer holds a
// secret shown once (as POST /api/v1/tokens) keeps no body: a retry with
// the key creates nothing and is 409 naming Idempotency-Key with the
// first answer's Location, never the secret.
func TestIdempotentSecretIsNotKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		mux := http.NewServeMux()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		api.SecretRoutes(mux, app.Server.Service, log)
		srv := httptest.NewServer(httpx.Log(log, mux))
		defer srv.Close()
		c := adm.On(&apptest.App{URL: srv.URL, Server: app.Server, Clock: app.Clock})
		body := map[string]string{"name": "vault:open"}
		first := c.Do("POST", "/test/secrets", body, "Idempotency-Key", "s1").ExpectStatus(t, http.StatusCreated)
		var out struct{ Secret string }
		first.JSON(t, &out)
		again := c.Do("POST", "/test/secrets", body, "Idempotency-Key", "s1")
		p := wantProblem(t, again, http.StatusConflict)
		if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" || again.Header.Get("Location") != "/api/v1/permissions/vault:open" {
			t.Errorf("retry: %s %v", again.Body, again.Header)
		}
		if out.Secret == "" || bytes.Contains(again.Body, []byte(out.Secret)) {
			t.Errorf("the secret %q was shown again: %s", out.Secret, again.Body)
		}
		names, _ := listPage(t, adm, "/api/v1/permissions", "permissions", 200, "")
		if n := len(slices.DeleteFunc(names, func(n string) bool { return n != "vault:open" })); n != 1 {
			t.Errorf("%d permissions created", n)
		}
	})
}

// TestIdempotencyKeyInProgress: a retry arriving while the first request
// holds its key is 409 naming Idempotency-Key with Retry-After, and
// creates nothing; after the first request's lease runs out (it died),
// a retry takes the key over and runs.
func TestIdempotencyKeyInProgress(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		body := map[string]string{"name": "Editors"}
		raw, _ := json.Marshal(body) // the bytes the client sends
		actor := &console.Actor{OrgID: acme.Created.Org.ID, UserID: acme.Created.Admin.ID}
		_, _, err := app.Server.Service.ReserveIdempotencyKey(t.Context(), actor, service.IdempotentRequest{
			Scope: service.CallerScope(actor), Route: "POST /api/v1/groups", Key: "busy", Body: raw})
		if err != nil {
			t.Fatal(err)
		}
		r := adm.Do("POST", "/api/v1/groups", body, "Idempotency-Key", "busy")
		p := wantProblem(t, r, http.StatusConflict)
		if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" || r.Header.Get("Retry-After") != "1" {
			t.Fatalf("in progress: %s Retry-After %q", r.Body, r.Header.Get("Retry-After"))
		}
		if names, _ := listPage(t, adm, "/api/v1/groups", "groups", 200, ""); len(names) != 2 {
			t.Fatalf("%d groups after a refused retry, want the 2 built-in", len(names))
		}
		app.Clock.Advance(service.IdempotencyLease + time.Second)
		adm.Do("POST", "/api/v1/groups", body, "Idempotency-Key", "busy").ExpectStatus(t, http.StatusCreated)
	})
}
