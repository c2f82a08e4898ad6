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

type tokenOut struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	State     string `json:"state"`
	Secret    string `json:"secret"`
	CreatedBy *struct {
		ID string `json:"id"`
	} `json:"created_by"`
	LastUsedAt *time.Time `json:"last_used_at"`
	LastUsedIP string     `json:"last_used_ip"`
	Groups     []struct {
		Name string `json:"name"`
	} `json:"groups"`
}

// makeToken makes an API token through the API and returns it with its
// secret.
func makeToken(t *testing.T, c *apptest.Client, name string, groups ...string) tokenOut {
	t.Helper()
	var out tokenOut
	c.Do("POST", "/api/v1/tokens", map[string]any{"name": name, "groups": groups}).ExpectStatus(t, http.StatusCreated).JSON(t, &out)
	if !strings.HasPrefix(out.Secret, console.TokenPrefix) || out.State != "active" {
		t.Fatalf("made token %+v", out)
	}
	return out
}

func listTokens(t *testing.T, c *apptest.Client) map[string]tokenOut {
	t.Helper()
	var page struct {
		Tokens []tokenOut `json:"tokens"`
	}
	c.Do("GET", "/api/v1/tokens", nil).ExpectStatus(t, http.StatusOK).JSON(t, &page)
	out := map[string]tokenOut{}
	for _, tok := range page.Tokens {
		if tok.Secret != "" {
			t.Errorf("the list shows the secret of %s", tok.Name)
		}
		out[tok.ID] = tok
	}
	return out
}

// TestAPITokenLifecycle: made once with its secret shown once, used as a
// Bearer without CSRF, audited as itself, recorded as used, and refused
// from its very next request once revoked.
func TestAPITokenLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		tok := makeToken(t, adm, "CI deploys", "Administrators")
		if tok.CreatedBy == nil || tok.CreatedBy.ID != acme.Created.Admin.ID {
			t.Errorf("created_by %+v, want the administrator", tok.CreatedBy)
		}
		ci := app.BearerClient(t, tok.Secret)
		ci.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
		// No CSRF token, no cookie: a Bearer needs neither.
		id := invite(t, ci, "zoe@acme.test")

		events, err := app.Server.Store.ListAudit(context.Background(), acme.Created.Org.ID, store.AuditFilter{TargetID: id, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) == 0 || events[0].ActorID != tok.ID || events[0].ActorType != console.ActorAPIToken {
			t.Fatalf("invite by token audited as %+v, want actor %s (api_token)", events, tok.ID)
		}

		listed := listTokens(t, adm)[tok.ID]
		if listed.LastUsedAt == nil || listed.LastUsedIP != "127.0.0.1" {
			t.Errorf("last use not recorded: %+v", listed)
		}

		adm.Do("DELETE", "/api/v1/tokens/"+tok.ID, nil).ExpectStatus(t, http.StatusNoContent)
		r := ci.Do("GET", "/api/v1/users", nil)
		if p := wantProblem(t, r, http.StatusUnauthorized); !strings.Contains(p.Detail, "revoked") {
			t.Errorf("revoked token: %q", p.Detail)
		}
		if h := r.Header.Get("WWW-Authenticate"); !strings.Contains(h, `error="invalid_token"`) {
			t.Errorf("WWW-Authenticate %q", h)
		}
		if st := listTokens(t, adm)[tok.ID].State; st != "revoked" {
			t.Errorf("state after revocation %q", st)
		}
		// Revoking twice changes nothing; an unknown token is 404.
		adm.Do("DELETE", "/api/v1/tokens/"+tok.ID, nil).ExpectStatus(t, http.StatusNoContent)
		wantProblem(t, adm.Do("DELETE", "/api/v1/tokens/01a22fa5-bbfa-7105-8977-06c0ddb758eb", nil), http.StatusNotFound)
	})
}

// TestAPITokenRefusals: what is not a live token, and what a token may
// not do, each with its reason.
func TestAPITokenRefusals(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		tok := makeToken(t, adm, "ci", "Administrators")
		ci := app.BearerClient(t, tok.Secret)

		for _, h := range []string{"Bearer cst_nothing", "Bearer " + tok.Secret + "x", "Basic " + tok.Secret, "Bearer", tok.Secret} {
			c := app.Client(t)
			wantProblem(t, c.Do("GET", "/api/v1/users", nil, "Authorization", h), http.StatusUnauthorized)
		}
		// The header decides alone: a valid session cookie beside a bad
		// token does not let the request through.
		wantProblem(t, adm.Do("GET", "/api/v1/users", nil, "Authorization", "Bearer cst_nothing"), http.StatusUnauthorized)

		// Person-only routes and making tokens.
		for _, rq := range []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/v1/tokens", map[string]any{"name": "child", "groups": []string{"Administrators"}}},
			{"GET", "/api/v1/me/sessions", nil}, {"DELETE", "/api/v1/me/sessions", nil},
			{"POST", "/api/v1/me/password", map[string]any{"current_password": "x", "new_password": "a long passphrase 2"}},
			{"DELETE", "/api/v1/session", nil},
		} {
			if p := wantProblem(t, ci.Do(rq.method, rq.path, rq.body), http.StatusForbidden); !strings.Contains(p.Detail, "API token") {
				t.Errorf("%s %s with a token: %q", rq.method, rq.path, p.Detail)
			}
		}
		// Every invalid field at once.
		r := adm.Do("POST", "/api/v1/tokens", map[string]any{"name": " ", "groups": []string{}, "expires_at": "2001-01-01T00:00:00Z"})
		p := wantProblem(t, r, http.StatusUnprocessableEntity)
		fields := map[string]bool{}
		for _, e := range p.Errors {
			fields[e.Field] = true
		}
		if !fields["name"] || !fields["groups"] || !fields["expires_at"] {
			t.Errorf("fields %v, want name, groups and expires_at", p.Errors)
		}
		r = adm.Do("POST", "/api/v1/tokens", map[string]any{"name": "", "groups": []string{"Administrators"}, "expires_at": "2031-01-01"})
		if p := wantProblem(t, r, http.StatusUnprocessableEntity); len(p.Errors) != 2 || p.Errors[0].Field != "expires_at" || p.Errors[1].Field != "name" {
			t.Errorf("a date without a time, and no name: %+v", p.Errors)
		}
		// A cursor of another list is refused, not followed.
		var users struct {
			NextCursor string `json:"next_cursor"`
		}
		invite(t, adm, "u1@acme.test")
		adm.Do("GET", "/api/v1/users?limit=1", nil).ExpectStatus(t, http.StatusOK).JSON(t, &users)
		for _, list := range []string{"/api/v1/tokens", "/api/v1/emails"} {
			wantFieldNamed(t, "a users cursor on "+list, adm.Do("GET", list+"?cursor="+users.NextCursor, nil), "cursor", http.StatusUnprocessableEntity)
		}
		wantFieldNamed(t, "unknown group", adm.Do("POST", "/api/v1/tokens", map[string]any{"name": "x", "groups": []string{"Nope"}}), "groups", http.StatusUnprocessableEntity)
		wantFieldNamed(t, "long name", adm.Do("POST", "/api/v1/tokens", map[string]any{"name": strings.Repeat("n", 101), "groups": []string{"Administrators"}}), "name", http.StatusUnprocessableEntity)
	})
}

// TestAPITokenBounds: a token holds no more than its maker may grant, and
// the permissions of its groups as they are at each request.
func TestAPITokenBounds(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		makers := createGroup(t, adm, "Token makers", console.PermTokensManage, console.PermUsersRead)
		readers := createGroup(t, adm, "Readers", console.PermUsersRead)
		p := newPerson(t, app, smtp, adm, "pat@acme.test")
		addMember(t, adm, makers.ID, p.id).ExpectStatus(t, http.StatusOK)

		r := p.this.Do("POST", "/api/v1/tokens", map[string]any{"name": "too much", "groups": []string{"Administrators"}})
		if pr := wantProblem(t, r, http.StatusForbidden); !strings.Contains(pr.Detail, "Administrators") {
			t.Errorf("refusal %q does not name the group", pr.Detail)
		}
		tok := makeToken(t, p.this, "reader", readers.ID)
		reader := app.BearerClient(t, tok.Secret)
		reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
		wantProblem(t, reader.Do("POST", "/api/v1/users/invite", map[string]any{"email": "x@acme.test", "groups": []string{}}), http.StatusForbidden)

		// The group loses the permission: the token's next request is refused.
		adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"permissions": []string{}}).ExpectStatus(t, http.StatusOK)
		wantProblem(t, reader.Do("GET", "/api/v1/users", nil), http.StatusForbidden)
		adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"permissions": []string{console.PermUsersRead}}).ExpectStatus(t, http.StatusOK)
		reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

		// Its maker loses the permission: so does the token, at once.
		adm.PatchCurrent("/api/v1/users/"+p.id, map[string]any{"groups": []string{makers.ID, readers.ID}}).ExpectStatus(t, http.StatusOK)
		reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
		adm.PatchCurrent("/api/v1/users/"+p.id, map[string]any{"groups": []string{}}).ExpectStatus(t, http.StatusOK)
		wantProblem(t, reader.Do("GET", "/api/v1/users", nil), http.StatusForbidden)
		adm.PatchCurrent("/api/v1/users/"+p.id, map[string]any{"groups": []string{makers.ID}}).ExpectStatus(t, http.StatusOK)
		reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

		// Nobody disarms a token carrying more than they hold; a token may
		// revoke itself.
		adminToken := makeToken(t, adm, "admin's", "Administrators")
		if pr := wantProblem(t, p.this.Do("DELETE", "/api/v1/tokens/"+adminToken.ID, nil), http.StatusForbidden); !strings.Contains(pr.Detail, "which you do not hold") {
			t.Errorf("revoking a bigger token: %q", pr.Detail)
		}
		wantProblem(t, reader.Do("DELETE", "/api/v1/tokens/"+adminToken.ID, nil), http.StatusForbidden)
		self := makeToken(t, p.this, "self", readers.ID)
		app.BearerClient(t, self.Secret).Do("DELETE", "/api/v1/tokens/"+self.ID, nil).ExpectStatus(t, http.StatusNoContent)
		wantProblem(t, app.BearerClient(t, self.Secret).Do("GET", "/api/v1/users", nil), http.StatusUnauthorized)

		// Its maker is deactivated: suspended; reactivated: back.
		adm.Do("POST", "/api/v1/users/"+p.id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		if pr := wantProblem(t, reader.Do("GET", "/api/v1/users", nil), http.StatusUnauthorized); !strings.Contains(pr.Detail, "suspended") {
			t.Errorf("suspended token: %q", pr.Detail)
		}
		if st := listTokens(t, adm)[tok.ID].State; st != "suspended" {
			t.Errorf("state %q, want suspended", st)
		}
		adm.Do("POST", "/api/v1/users/"+p.id+"/reactivate", nil).ExpectStatus(t, http.StatusOK)
		reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

		// Its maker is deleted: revoked for good, and recorded.
		adm.Do("POST", "/api/v1/users/"+p.id+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
		adm.Do("DELETE", "/api/v1/users/"+p.id, map[string]string{"confirm_email": p.email}).ExpectStatus(t, http.StatusOK)
		if st := listTokens(t, adm)[tok.ID].State; st != "revoked" {
			t.Errorf("state after the maker's deletion %q, want revoked", st)
		}
		wantProblem(t, reader.Do("GET", "/api/v1/users", nil), http.StatusUnauthorized)
	})
}

// TestAPITokenExpiryAndTenancy: an expired token is refused with its
// reason, and a token sees nothing of another organization.
func TestAPITokenExpiryAndTenancy(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		globex, gadm := admin(t, app, "globex")
		var tok tokenOut
		adm.Do("POST", "/api/v1/tokens", map[string]any{"name": "short", "groups": []string{"Administrators"},
			"expires_at": app.Clock.Now().Add(time.Hour).UTC().Format(time.RFC3339)}).ExpectStatus(t, http.StatusCreated).JSON(t, &tok)
		ci := app.BearerClient(t, tok.Secret)
		ci.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
		wantProblem(t, ci.Do("GET", "/api/v1/users/"+globex.Created.Admin.ID, nil), http.StatusNotFound)
		wantProblem(t, gadm.Do("GET", "/api/v1/tokens/"+tok.ID, nil), http.StatusNotFound)
		wantProblem(t, gadm.Do("DELETE", "/api/v1/tokens/"+tok.ID, nil), http.StatusNotFound)
		if len(listTokens(t, gadm)) != 0 {
			t.Error("globex lists acme's token")
		}

		app.Clock.Advance(2 * time.Hour)
		if p := wantProblem(t, ci.Do("GET", "/api/v1/users", nil), http.StatusUnauthorized); !strings.Contains(p.Detail, "expired") {
			t.Errorf("expired token: %q", p.Detail)
		}
	})
}

// TestAPITokenIdempotency: a token's retried invite creates one user; its
// keys are its own, not its maker's; a retried token creation never shows
// the secret again.
func TestAPITokenIdempotency(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		ci := app.BearerClient(t, makeToken(t, adm, "ci", "Administrators").Secret)
		send := func(c *apptest.Client, email string) *apptest.Response {
			return c.Do("POST", "/api/v1/users/invite", map[string]any{"email": email, "groups": []string{}}, "Idempotency-Key", "k-1")
		}
		first := send(ci, "zoe@acme.test").ExpectStatus(t, http.StatusCreated)
		again := send(ci, "zoe@acme.test").ExpectStatus(t, http.StatusCreated)
		if string(first.Body) != string(again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the token's retry was not replayed: %s / %s", first.Body, again.Body)
		}
		// The same key from the person is another request entirely.
		send(adm, "yan@acme.test").ExpectStatus(t, http.StatusCreated)

		make := func() *apptest.Response {
			return adm.Do("POST", "/api/v1/tokens", map[string]any{"name": "retried", "groups": []string{"Administrators"}}, "Idempotency-Key", "t-1")
		}
		make().ExpectStatus(t, http.StatusCreated)
		r := make()
		if p := wantProblem(t, r, http.StatusConflict); strings.Contains(string(r.Body), console.TokenPrefix) {
			t.Errorf("a retried token creation shows a secret: %+v", p)
		}
		n := 0
		for _, tok := range listTokens(t, adm) {
			if tok.Name == "retried" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d tokens made by a retried request", n)
		}
	})
}

// TestTwoAuthorizationHeaders: a request naming two credentials is
// refused, whichever is valid; the header decides alone and must be one.
func TestTwoAuthorizationHeaders(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		tok := makeToken(t, adm, "ci", "Administrators")
		req, _ := http.NewRequest("GET", app.URL+"/api/v1/users", nil)
		req.Header.Add("Authorization", "Bearer "+tok.Secret)
		req.Header.Add("Authorization", "Bearer cst_other")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("two Authorization headers: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
	})
}
