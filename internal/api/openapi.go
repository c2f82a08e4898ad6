package api

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
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
// revalidating with If-None-Match gets 304. It never answers 4xx: it takes
// no Range (the document is small) and no If-Match (it cannot be
// changed). It panics when the document does not convert (see
// OpenAPIJSON).
func serveOpenAPI() http.HandlerFunc {
	doc, err := OpenAPIJSON()
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(doc)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	cacheControl := fmt.Sprintf("public, max-age=%d", int(openAPICacheAge.Seconds()))
	length := strconv.Itoa(len(doc))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", cacheControl)
		if noneMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(doc)
	}
}

// noneMatch reports whether an If-None-Match header names etag or "*":
// the client's copy is current. The comparison is weak, as RFC 9110
// §13.1.2 has it for If-None-Match.
func noneMatch(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}
