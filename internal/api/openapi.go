package api

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"go.yaml.in/yaml/v4"
)

// openAPIYAML is the API's OpenAPI 3.1 document as written: YAML, so that
// it can carry comments. Clients get it as JSON (OpenAPIJSON).
//
//go:embed openapi.yaml
var openAPIYAML []byte

// OpenAPIJSON returns the API's OpenAPI 3.1 document (openapi.yaml) as
// JSON, the answer of GET /api/v1/openapi.json. The document is embedded,
// so it converts or fails the same way every time: a failure is a build
// mistake, which every test that starts the server reports.
var OpenAPIJSON = sync.OnceValues(func() ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(openAPIYAML, &doc); err != nil {
		return nil, fmt.Errorf("api: reading openapi.yaml: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml as JSON: %w", err)
	}
	return buf.Bytes(), nil
})

// openAPICacheAge is how long a client may use the document it read
// without asking again; after that, If-None-Match makes the check cheap.
const openAPICacheAge = 5 * time.Minute

// serveOpenAPI returns the handler of GET /api/v1/openapi.json: public,
// cacheable, with an ETag from the document's hash, so a client
// revalidating gets 304. It panics when the document does not convert
// (see OpenAPIJSON).
func serveOpenAPI() http.HandlerFunc {
	doc, err := OpenAPIJSON()
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(doc)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	cacheControl := fmt.Sprintf("public, max-age=%d", int(openAPICacheAge.Seconds()))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", cacheControl)
		w.Header().Set("Content-Type", "application/json")
		http.ServeContent(w, r, "openapi.json", time.Time{}, bytes.NewReader(doc))
	}
}
