package apptest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"console/internal/api"
)

// openAPI is the API's document, loaded and validated once for every test
// of the process, with its router.
var openAPI = sync.OnceValues(func() (routers.Router, error) {
	raw, err := api.OpenAPIJSON()
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("loading the OpenAPI document: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is invalid: %w", err)
	}
	// IDs are UUIDv7, which RFC 4122's pattern (the library's other
	// choice) does not know.
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	return gorillamux.NewRouter(doc)
})

// checkOpenAPI holds an exchange with /api/v1 to the OpenAPI document and
// fails the test where they differ. Every answer is checked, problems
// included, and must list its status among the operation's responses. The
// request is checked only when the server accepted it (2xx): tests send
// malformed requests on purpose, and a request the server accepts must be
// one the document allows. A request to no documented operation is
// skipped unless it succeeded: the server answers those 404.
func checkOpenAPI(t testing.TB, req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") || resp.Header.Get("X-Request-Id") == "" {
		// Without a request id the answer is net/http's own (431 for
		// headers over the limit, 400 for an unreadable request line),
		// given before Console saw the request: not the API's.
		return
	}
	router, err := openAPI()
	if err != nil {
		t.Fatalf("openapi: %v", err)
	}
	fail := func(what string, err error) {
		t.Helper()
		t.Errorf("openapi: %s %s -> %d: %s does not match the document: %v", req.Method, clip(req.URL.RequestURI()), resp.StatusCode, what, err)
	}
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	r := req.Clone(context.Background())
	r.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := router.FindRoute(r)
	if err != nil {
		if ok || !errors.Is(err, routers.ErrPathNotFound) && !errors.Is(err, routers.ErrMethodNotAllowed) {
			fail("the request", err)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	if ok {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			fail("the request", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
		Header: resp.Header, Options: opts}
	out.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		fail("the answer", err)
	}
}

// clip shortens s, a path that tests may make huge, for a message.
func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
