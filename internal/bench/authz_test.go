package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/service"
	"console/internal/store"
	"console/internal/store/storetest"
)

// seed makes 100 groups of 3 permissions each and a user in 5 of them; it
// returns an admin actor and the user's id.
func seed(b *testing.B, app *apptest.App) (*console.Actor, string) {
	ctx := context.Background()
	org := app.CreateOrg(b, "acme")
	st := app.Server.Store
	orgID := org.Created.Org.ID
	u := &console.User{OrgID: orgID, Email: "member@acme.test", Status: console.StatusActive, CreatedAt: app.Clock.Now()}
	err := st.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateUser(ctx, u); err != nil {
			return err
		}
		for i := range 100 {
			g := &console.Group{OrgID: orgID, Name: fmt.Sprintf("Group %03d", i), CreatedAt: app.Clock.Now(),
				Permissions: []string{fmt.Sprintf("app%d:read", i), fmt.Sprintf("app%d:write", i), "shared:use"}}
			if err := q.CreateGroup(ctx, g); err != nil {
				return err
			}
			if i%20 == 0 {
				if err := q.AddMember(ctx, orgID, u.ID, g.ID, app.Clock.Now()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// The actor of a request: authenticated from a session, which also
	// reads the organization's authorization version.
	signed, err := app.Server.Service.SignIn(ctx, service.SignInInput{Org: "acme", Email: org.AdminEmail, Password: org.AdminPassword})
	if err != nil {
		b.Fatal(err)
	}
	actor, err := app.Server.Service.Authenticate(ctx, signed.Token, console.Client{})
	if err != nil {
		b.Fatal(err)
	}
	return actor, u.ID
}

// BenchmarkCheck measures the permission check inside one process, as a
// request makes it once authenticated: app40:write is held through one of
// the user's 5 groups, app41:write is not held.
func BenchmarkCheck(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			app := apptest.Start(b, e)
			actor, uid := seed(b, app)
			svc := app.Server.Service
			for _, perm := range []string{"app40:write", "app41:write"} {
				b.Run(perm, func(b *testing.B) {
					for b.Loop() {
						if _, err := svc.Check(context.Background(), actor, uid, perm); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkCheckHTTP sends POST /api/v1/authz/check from 16 concurrent
// clients over loopback, each signed in with its own session, and reports
// latency percentiles.
func BenchmarkCheckHTTP(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			app := apptest.Start(b, e)
			_, uid := seed(b, app)
			const clients = 16
			callers := make([]*caller, clients)
			for i := range callers {
				callers[i] = newCaller(b, app)
			}
			body := []byte(`{"user":"` + uid + `","permission":"app40:write"}`)
			lat := make([][]time.Duration, clients)
			b.ResetTimer()
			var wg sync.WaitGroup
			per := b.N/clients + 1
			for i, c := range callers {
				wg.Go(func() { lat[i] = c.run(b, app.URL, body, per) })
			}
			wg.Wait()
			b.StopTimer()
			report(b, slices.Concat(lat...))
		})
	}
}

type caller struct {
	client *http.Client
	csrf   string
}

func newCaller(b *testing.B, app *apptest.App) *caller {
	c := &caller{client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
	c.signIn(b, app)
	return c
}

// signIn starts a new session, in a fresh cookie jar.
func (c *caller) signIn(b *testing.B, app *apptest.App) {
	c.client.Jar, _ = cookiejar.New(nil)
	resp, err := c.client.Post(app.URL+"/api/v1/session", "application/json",
		bytes.NewReader([]byte(`{"org":"acme","email":"admin@acme.test","password":"correct horse acme"}`)))
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("sign in: %v %v", err, resp)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	decode(b, resp, &out)
	c.csrf = out.CSRF
}

func (c *caller) run(b *testing.B, base string, body []byte, n int) []time.Duration {
	lat := make([]time.Duration, 0, n)
	for range n {
		req, _ := http.NewRequest("POST", base+"/api/v1/authz/check", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.csrf)
		start := time.Now()
		resp, err := c.client.Do(req)
		if err != nil {
			b.Error(err)
			return lat
		}
		var out struct{ Allowed bool }
		decode(b, resp, &out)
		lat = append(lat, time.Since(start))
		if !out.Allowed {
			b.Error("check answered not allowed")
			return lat
		}
	}
	return lat
}
