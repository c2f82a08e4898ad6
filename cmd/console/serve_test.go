package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"console/internal/store/storetest"
)

// TestServeSetupLink follows the first-run path: serve on an empty database
// prints a link; the link's form creates the organization and signs its
// administrator in; afterwards the link is dead.
func TestServeSetupLink(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			base, out := serve(t, dsn)
			link := regexp.MustCompile(`http://\S+/setup\?token=(\S+)`).FindStringSubmatch(out.String())
			if link == nil || !strings.HasPrefix(link[0], base) {
				t.Fatalf("no setup link under %s printed:\n%s", base, out.String())
			}
			c := browser()
			resp, err := c.Get(link[0])
			if err != nil {
				t.Fatal(err)
			}
			if body := readAll(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Create organization") {
				t.Fatalf("setup page: %d\n%s", resp.StatusCode, body)
			}
			form := url.Values{"token": {link[1]}, "name": {"Acme Inc"}, "slug": {"acme"}, "admin_name": {"Ada"},
				"admin_email": {"ada@acme.test"}, "admin_password": {"short"}}
			resp = postForm(t, c, base+"/setup", form)
			if body := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least 8") {
				t.Fatalf("short password: %d\n%s", resp.StatusCode, body)
			}
			form.Set("admin_password", "a long and private phrase")
			resp = postForm(t, c, base+"/setup", form)
			body := readAll(t, resp)
			if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/users" || !strings.Contains(body, "ada@acme.test") {
				t.Fatalf("after setup: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
			}
			resp, _ = browser().Get(link[0])
			if readAll(t, resp); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("setup link after setup: %d", resp.StatusCode)
			}
			if code := signIn(t, base, "acme", "ada@acme.test", "a long and private phrase"); code != http.StatusOK {
				t.Fatalf("sign in: %d", code)
			}
		})
	}
}
