package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"console/internal/console"
)

// DecodeJSON reads a JSON object into dst. Unknown fields are refused, so a
// client cannot slip in fields (status, organization...) it may not set.
// Errors are KindMalformed and name the offending field when possible; a
// body over the route's limit (see LimitBody) is KindTooLarge.
func DecodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && mediaType(ct) != "application/json" {
		return console.Malformed("Content-Type", "Send a JSON body with Content-Type: application/json.")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return console.Malformed("body", "Send exactly one JSON object.")
	}
	return nil
}

func mediaType(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt
}

func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &typeErr):
		return console.Malformed(typeErr.Field, fmt.Sprintf("Expected %s.", typeErr.Type))
	case errors.As(err, &maxErr):
		return tooLarge(maxErr.Limit)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return console.Malformed(field, "This field is not accepted here.")
	}
	return console.Malformed("body", "The body is not valid JSON.")
}

// WriteJSON answers v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	writeJSON(w, status, "application/json", v)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
