package httpx

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"reflect"
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
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return console.Malformed("body", "Send one JSON object.")
	case errors.As(err, &typeErr):
		return console.Malformed(typeErr.Field, "Expected "+jsonKind(typeErr.Type)+".")
	case errors.As(err, &maxErr):
		return tooLarge(maxErr.Limit)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return console.Malformed(console.Clip(field), "This field is not accepted here.")
	case errors.Is(err, os.ErrDeadlineExceeded):
		return console.Malformed("body", "The request body did not arrive in time.")
	}
	return console.Malformed("body", "The body is not valid JSON.")
}

// jsonKind names in JSON's terms what a Go type decodes from, so that no
// Go type reaches the client.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "an object"
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
