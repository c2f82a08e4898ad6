package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOpenAPICoversRoutes: every route registered is an operation of the
// document and every operation of the document is registered, so neither
// can drift from the other.
func TestOpenAPICoversRoutes(t *testing.T) {
	a := &API{log: slog.New(slog.DiscardHandler)}
	a.routes(http.NewServeMux())
	doc := loadOpenAPI(t)
	base := doc.Servers[0].URL
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+base+path)
		}
	}
	for _, p := range a.patterns {
		if !slices.Contains(documented, p) {
			t.Errorf("route %q is registered but not in openapi.yaml", p)
		}
	}
	for _, op := range documented {
		if !slices.Contains(a.patterns, op) {
			t.Errorf("operation %q is in openapi.yaml but not registered", op)
		}
	}
	if len(a.patterns) < 30 {
		t.Errorf("only %d routes recorded: %v", len(a.patterns), a.patterns)
	}
}

// TestOpenAPIServed: GET /api/v1/openapi.json answers the document as
// JSON that loads and validates as OpenAPI 3.1, cacheable and
// revalidated by its ETag.
func TestOpenAPIServed(t *testing.T) {
	a := &API{log: slog.New(slog.DiscardHandler)}
	mux := http.NewServeMux()
	a.routes(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if cc := rec.Header().Get("Cache-Control"); !strings.HasPrefix(cc, "public") {
		t.Errorf("Cache-Control %q, want public", cc)
	}
	body, _ := io.ReadAll(rec.Body)
	if !json.Valid(body) {
		t.Fatal("the answer is not JSON")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi %q, want 3.1", doc.OpenAPI)
	}

	req := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("revalidating with the ETag: status %d, want 304", rec.Code)
	}
}

func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	raw, err := OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatal(err)
	}
	return doc
}
