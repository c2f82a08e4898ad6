package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"console/internal/apptest"
)

// hostileNext are post-sign-in destinations that a browser resolves, or
// might resolve, to another site: schemes, protocol-relative forms,
// backslashes, control characters browsers drop, encoded slashes, user
// information, and their mixtures.
var hostileNext = []string{
	"https://evil.example/", "http://evil.example", "HTTPS://evil.example", "https:evil.example", "https:/evil.example",
	"//evil.example", "///evil.example", "////evil.example", "//evil.example/users", "/\\evil.example", "\\\\evil.example",
	"\\/evil.example", "/\\/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
	" //evil.example", "/ /evil.example", "/%09/evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "%2F%2Fevil.example",
	"/%5Cevil.example", "/%5C%5Cevil.example", "//%65vil.example", "//user@evil.example", "//evil.example@console.test",
	"https://console.test@evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
	"vbscript:x", "evil.example", "evil.example/users", "/\x00/evil.example", "/\u2028/evil.example", "/\u202e/evil.example",
	"/.//evil.example/..", "/..//evil.example", "/users/..//evil.example", "/./\\evil.example", "\x0b//evil.example",
	"//[::1]", "//127.0.0.1:1", "http://[::ffff:7f00:1]/", "\xff//evil.example", strings.Repeat("/a", 2000),
}

// browserResolve resolves a Location as browsers do (WHATWG URL): leading
// and trailing spaces and controls are stripped, tabs and line breaks
// removed anywhere, and backslashes read as slashes.
func browserResolve(base *url.URL, loc string) (*url.URL, error) {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	return base.ResolveReference(ref), nil
}

// TestSignInRedirectStaysHome posts the sign-in form, and opens the
// sign-in page already signed in (which redirects at once), with every
// hostile destination: each must end on this Console; a real path of the
// Console must survive with its query.
func TestSignInRedirectStaysHome(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		base, _ := url.Parse(app.URL + "/login")
		signed := app.Client(t)
		signIn(t, signed, acme)
		stays := func(how, next, loc string) {
			t.Helper()
			u, err := browserResolve(base, loc)
			if loc == "" || err != nil || u.Host != base.Host || u.Scheme != base.Scheme || u.User != nil || strings.ContainsAny(loc, "\\\t\r\n") {
				t.Errorf("%s next=%q: Location %q leaves Console (%v)", how, next, loc, u)
			}
		}
		for _, next := range hostileNext {
			form := url.Values{"org": {"acme"}, "email": {acme.AdminEmail}, "password": {acme.AdminPassword}, "next": {next}}
			r := app.Client(t).Do("POST", "/login", form.Encode())
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in with next=%q: %d", next, r.StatusCode)
			}
			stays("sign-in", next, r.Header.Get("Location"))
			r = signed.Do("GET", "/login?next="+url.QueryEscape(next), nil)
			stays("signed-in visit", next, r.Header.Get("Location"))
		}
		for next, want := range map[string]string{"/users?status=active": "/users?status=active", "/groups/": "/groups",
			"/users?q=a%20b&status=invited": "/users?q=a+b&status=invited", "/users/../groups": "/groups"} {
			r := signed.Do("GET", "/login?next="+url.QueryEscape(next), nil)
			if loc := r.Header.Get("Location"); loc != want {
				t.Errorf("next=%q: Location %q, want %q", next, loc, want)
			}
		}
	})
}
