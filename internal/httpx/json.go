package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"console/internal/console"
)

// DecodeJSON reads a JSON object into dst, a pointer to a struct. Unknown
// fields are refused, so a client cannot slip in fields (status,
// organization...) it may not set; so are field names in another case
// and fields given twice, which encoding/json would otherwise accept (the
// last one winning): a proxy or firewall in front of Console, reading the
// first, must not see another request than Console does. Errors are
// KindMalformed and name the offending field when possible; a body over
// the route's limit (see LimitBody) is KindTooLarge.
func DecodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && mediaType(ct) != "application/json" {
		return console.Malformed("Content-Type", "Send a JSON body with Content-Type: application/json.")
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeError(err)
	}
	if err := checkKeys(raw, dst); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return console.Malformed("body", "Send exactly one JSON object.")
	}
	return nil
}

// checkKeys refuses an object whose keys repeat or differ in case from
// dst's field names. Anything else wrong is left to the decoder to say.
func checkKeys(raw []byte, dst any) error {
	names := jsonNames(reflect.TypeOf(dst))
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return nil
		}
		if seen[strings.ToLower(key)] {
			return console.Malformed(console.Clip(key), "This field is given twice.")
		}
		seen[strings.ToLower(key)] = true
		if exact, found := names[strings.ToLower(key)]; found && exact != key {
			return console.Malformed(console.Clip(key), "Field names are case-sensitive: write "+exact+".")
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

// jsonNames maps the lower-cased JSON names of a struct's fields to the
// names themselves.
func jsonNames(t reflect.Type) map[string]string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	names := map[string]string{}
	if t.Kind() != reflect.Struct {
		return names
	}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if name != "-" && f.IsExported() {
			names[strings.ToLower(name)] = name
		}
	}
	return names
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

// writeJSON encodes v whole before answering, so that the answer goes out
// in one write with its Content-Length (not in 4 KiB chunks), and so that
// a value that cannot be encoded is a 500, not half a body.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer putJSONBuffer(buf)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Errorf("httpx: encoding a %T answer: %w", v, err))
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// jsonBuffers holds the buffers answers are encoded into; one that grew
// past maxPooledJSON (a page of 200 users is about 80 KiB) is left to the
// garbage collector rather than kept.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledJSON = 256 << 10

func putJSONBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledJSON {
		jsonBuffers.Put(b)
	}
}
