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
			var secure bool
			for _, ck := range r.Cookies() {
				if ck.Name == httpx.SessionCookie {
					secure = ck.Secure
				}
			}
			if secure != c.wantSecure {
				t.Errorf("session cookie Secure = %v, want %v", secure, c.wantSecure)
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
