package httpx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"console/internal/console"
)

// Body says what request body a route takes: at most MaxBytes bytes of one
// of Types. Every route declares one, so no body is read unbounded (CWE-770,
// allocation of resources without limits) and none is spooled to disk:
// multipart bodies are refused unless a route names multipart/form-data.
type Body struct {
	// MaxBytes bounds the body; 0 means the route takes none: a body sent
	// anyway is never read (net/http discards a little of it and closes
	// the connection).
	MaxBytes int64
	// Types are the media types accepted, without parameters.
	Types []string
}

// The bodies Console's routes take. The limits are documented in the
// README ("Limits"); public routes, reachable without signing in, take
// less than those of signed-in people.
var (
	NoBody     = Body{}
	PublicJSON = Body{MaxBytes: 16 << 10, Types: []string{"application/json"}}
	JSON       = Body{MaxBytes: 256 << 10, Types: []string{"application/json"}}
	PublicForm = Body{MaxBytes: 16 << 10, Types: []string{formType}}
	Form       = Body{MaxBytes: 256 << 10, Types: []string{formType}}
)

const formType = "application/x-www-form-urlencoded"

// LimitBody enforces b before next runs: a body over the limit is answered
// 413 without being read (when its length is declared) or as soon as the
// limit is crossed, a body of another type 415. A form body is parsed here,
// so that a handler reading a field never meets a half-read form.
func LimitBody(b Body, fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := b.check(r); err != nil {
			// Close rather than read the refused body to keep the
			// connection: net/http would otherwise wait for up to 256 KiB.
			w.Header().Set("Connection", "close")
			fail(w, r, err)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, b.MaxBytes)
		if b.MaxBytes > 0 && hasBody(r) && mediaType(r.Header.Get("Content-Type")) == formType {
			if err := r.ParseForm(); err != nil {
				fail(w, r, bodyError(err, b))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// check refuses, before reading anything, a body the route does not take.
func (b Body) check(r *http.Request) error {
	if !hasBody(r) || b.MaxBytes == 0 {
		return nil
	}
	if r.ContentLength > b.MaxBytes {
		return tooLarge(b.MaxBytes)
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	charset := strings.ToLower(params["charset"])
	if !slices.Contains(b.Types, mt) || charset != "" && charset != "utf-8" && charset != "us-ascii" {
		return &console.Error{Kind: console.KindUnsupportedMediaType,
			Message: "Send the body as " + strings.Join(b.Types, " or ") + ", in UTF-8."}
	}
	return nil
}

// hasBody reports whether the request carries a body: a declared length
// or a chunked one of unknown length.
func hasBody(r *http.Request) bool {
	return r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody
}

// bodyError describes a failure to read a body bounded by b.
func bodyError(err error, b Body) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return tooLarge(b.MaxBytes)
	}
	return console.Malformed("body", "The request body could not be read.")
}

func tooLarge(limit int64) error {
	return &console.Error{Kind: console.KindTooLarge,
		Message: fmt.Sprintf("The request body is larger than this address takes (%d KiB).", limit>>10)}
}

// ReadBody reads the whole request body, within the route's limit (see
// LimitBody), and puts it back for the handler to decode. A body over the
// limit is KindTooLarge, one that cannot be read KindMalformed.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, tooLarge(maxErr.Limit)
		}
		return nil, console.Malformed("body", "The request body could not be read.")
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return raw, nil
}
