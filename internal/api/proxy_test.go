package api_test

import (
	"context"
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/httpx"
	"console/internal/store/storetest"
)

// TestTrustedProxy: behind a proxy named in --trusted-proxies, sign-in
// records and sessions carry the forwarded client address, and a session
// cookie set over forwarded HTTPS is Secure; without it, the same headers
// change nothing.
func TestTrustedProxy(t *testing.T) {
	e := storetest.Engines()[0]
	for _, c := range []struct {
		proxies, wantIP string
		wantSecure      bool
	}{
		{"127.0.0.1/32", "203.0.113.7", true},
		{"", "127.0.0.1", false},
	} {
		t.Run("trusted="+c.proxies, func(t *testing.T) {
			app := apptest.Start(t, e, apptest.Options{TrustedProxies: c.proxies})
			acme := app.CreateOrg(t, "acme")
			cl := app.Client(t)
			r := cl.Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": acme.AdminEmail, "password": acme.AdminPassword},
				"X-Forwarded-For", "192.0.2.66, 203.0.113.7", "X-Forwarded-Proto", "https")
			r.ExpectStatus(t, http.StatusOK)
			// Over HTTPS the cookie is Secure and carries the __Host- prefix.
			name := httpx.SessionCookie
			if c.wantSecure {
				name = httpx.SecureSessionCookie
			}
			cookies := r.Cookies()
			if len(cookies) != 1 || cookies[0].Name != name || cookies[0].Secure != c.wantSecure || cookies[0].Path != "/" || cookies[0].Domain != "" {
				t.Errorf("session cookies %+v, want one %s with Secure=%v, Path=/ and no Domain", cookies, name, c.wantSecure)
			}
			attempts, err := app.Server.Store.ListSignInAttempts(context.Background(), acme.Created.Org.ID, "", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(attempts) != 1 || attempts[0].IP != c.wantIP {
				t.Fatalf("sign-in attempts %+v, want one from %s", attempts, c.wantIP)
			}
		})
	}
}
