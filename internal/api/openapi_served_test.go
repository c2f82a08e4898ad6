package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
)

// TestOpenAPIOverHTTP: the running server answers the document to anyone,
// signed in or not, with the middleware's headers, and 304 to a client
// revalidating its copy; the shared client holds both answers to the
// document itself.
func TestOpenAPIOverHTTP(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		for _, c := range []*apptest.Client{app.Client(t), adm} {
			r := c.Do("GET", "/api/v1/openapi.json", nil).ExpectStatus(t, http.StatusOK)
			var doc struct {
				OpenAPI string `json:"openapi"`
			}
			r.JSON(t, &doc)
			if doc.OpenAPI != "3.1.0" || r.Header.Get("X-Request-Id") == "" {
				t.Fatalf("openapi %q, X-Request-Id %q", doc.OpenAPI, r.Header.Get("X-Request-Id"))
			}
			c.Do("GET", "/api/v1/openapi.json", nil, "If-None-Match", r.Header.Get("ETag")).ExpectStatus(t, http.StatusNotModified)
		}
	})
}
