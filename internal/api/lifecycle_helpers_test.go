package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// withMail runs fn on each engine; see apptest.EachEngineWithMail.
var withMail = apptest.EachEngineWithMail

// invite invites email through the API and returns the new user's id.
func invite(t *testing.T, c *apptest.Client, email string, groups ...string) string {
	t.Helper()
	if groups == nil {
		groups = []string{}
	}
	var u user
	c.Do("POST", "/api/v1/users/invite", map[string]any{"email": email, "groups": groups, "message": "Welcome aboard!"}).
		ExpectStatus(t, http.StatusCreated).JSON(t, &u)
	if u.Status != "invited" || u.ID == "" {
		t.Fatalf("invited user %+v", u)
	}
	return u.ID
}

// link waits for the n-th email to `to` and returns its link under path.
func link(t *testing.T, app *apptest.App, smtp *mailtest.Catcher, to string, n int, path string) string {
	t.Helper()
	msgs := smtp.WaitFor(t, to, n, 10*time.Second)
	l := msgs[n-1].Link(app.URL + path + "?token=")
	if l == "" {
		t.Fatalf("email %d to %s has no %s link:\n%s", n, to, path, msgs[n-1].Text)
	}
	return l
}

func tokenOf(link string) string {
	_, token, _ := strings.Cut(link, "?token=")
	return token
}

// activate accepts an invitation through the API.
func activate(t *testing.T, app *apptest.App, token, name, password string) *apptest.Response {
	t.Helper()
	return app.Client(t).Do("POST", "/api/v1/activate", map[string]string{"token": token, "name": name, "password": password})
}

func admin(t *testing.T, app *apptest.App, slug string) (*apptest.Org, *apptest.Client) {
	t.Helper()
	org := app.CreateOrg(t, slug)
	c := app.Client(t)
	c.SignIn(slug, org.AdminEmail, org.AdminPassword)
	return org, c
}
