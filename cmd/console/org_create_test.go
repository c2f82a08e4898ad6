package main

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"console/internal/store/storetest"
)

func TestOrgCreateThenSignIn(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			db := env("CONSOLE_DB", dsn)
			for _, slug := range []string{"acme", "globex"} {
				out, err := runConsole(t, "correct horse "+slug+"\n", db, "org", "create", "--slug", slug, "--name", slug+" Inc",
					"--admin-email", "admin@"+slug+".test", "--admin-password-stdin")
				if err != nil || !strings.Contains(out, `Created organization "`+slug+`"`) {
					t.Fatalf("org create %s: %v\n%s", slug, err, out)
				}
			}
			out, err := runConsole(t, "another password\n", db, "org", "create", "--slug", "acme", "--name", "Again",
				"--admin-email", "x@acme.test", "--admin-password-stdin")
			if err == nil || !strings.Contains(err.Error(), "--slug: This company slug is taken") {
				t.Fatalf("duplicate slug: %v %s", err, out)
			}

			base, printed := serve(t, dsn)
			if strings.Contains(printed.String(), "/setup?token=") {
				t.Errorf("setup link printed although organizations exist")
			}
			for _, slug := range []string{"acme", "globex"} {
				if code := signIn(t, base, slug, "admin@"+slug+".test", "correct horse "+slug); code != http.StatusOK {
					t.Errorf("sign in to %s: %d", slug, code)
				}
			}
			if code := signIn(t, base, "acme", "admin@acme.test", "correct horse globex"); code != http.StatusUnauthorized {
				t.Errorf("another organization's password: %d", code)
			}
			if code := signIn(t, base, "initech", "admin@acme.test", "correct horse acme"); code != http.StatusUnauthorized {
				t.Errorf("wrong slug: %d", code)
			}
		})
	}
}

func TestOrgCreateActivationLink(t *testing.T) {
	_, dsn := storetest.OpenSQLite(t)
	db := env("CONSOLE_DB", dsn)
	out, err := runConsole(t, "", db, "org", "create", "--slug", "acme", "--name", "Acme", "--admin-email", "boss@acme.test")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	link := regexp.MustCompile(`http://\S+/activate\?token=\S+`).FindString(out)
	if link == "" {
		t.Fatalf("no activation link printed:\n%s", out)
	}
	base, _ := serve(t, dsn)
	u, _ := url.Parse(link)
	page := base + u.RequestURI() // the link names the default address; the test server listens elsewhere

	c := browser()
	resp, err := c.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, "boss@acme.test") {
		t.Fatalf("activation page: %d\n%s", resp.StatusCode, body)
	}
	form := url.Values{"token": {u.Query().Get("token")}, "name": {"The Boss"}, "password": {"password"}}
	resp = postForm(t, c, base+"/activate", form)
	if body := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "too common") {
		t.Fatalf("common password accepted: %d", resp.StatusCode)
	}
	form.Set("password", "a long and private phrase")
	resp = postForm(t, c, base+"/activate", form)
	if body := readAll(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Your account is active") {
		t.Fatalf("activation: %d\n%s", resp.StatusCode, body)
	}
	if code := signIn(t, base, "acme", "boss@acme.test", "a long and private phrase"); code != http.StatusOK {
		t.Fatalf("sign in after activation: %d", code)
	}
	resp, _ = browser().Get(page)
	if body := readAll(t, resp); resp.StatusCode != http.StatusGone || !strings.Contains(body, "ask your administrator") {
		t.Fatalf("used link: %d\n%s", resp.StatusCode, body)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"org", "create", "--slug", "Bad Slug", "--name", "X", "--admin-email", "nope"}, "--admin-email: Enter a valid email"},
		{[]string{"serve", "--addr", "nowhere"}, `--addr "nowhere"`},
		{[]string{"serve", "--no-such-flag"}, "no-such-flag"},
	}
	for _, c := range cases {
		_, err := runConsole(t, "", env("CONSOLE_DB", t.TempDir()+"/c.db"), c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, errUsage) {
			t.Errorf("console %v: %v; want a usage error containing %q", c.args, err, c.want)
		}
	}
	if out, err := runConsole(t, "", env(), "help"); err != nil || !strings.Contains(out, "console serve") {
		t.Errorf("help: %v %s", err, out)
	}
}
