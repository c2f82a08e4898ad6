package bench_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// BenchmarkCheckHandler serves POST /api/v1/authz/check through Console's
// whole handler chain (middleware, session, CSRF, JSON) without a network:
// the server's own cost of a check, apart from HTTP parsing and sockets.
func BenchmarkCheckHandler(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			app := apptest.Start(b, e)
			_, uid := seed(b, app)
			c := newCaller(b, app)
			cookies := c.client.Jar.Cookies(mustURL(b, app.URL))
			body := []byte(`{"user":"` + uid + `","permission":"app40:write"}`)
			h := app.Server.Handler
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", "/api/v1/authz/check", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-CSRF-Token", c.csrf)
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
