package api

import (
	"net/http"
	"strconv"
	"strings"

	"console/internal/console"
)

var errBadIfMatch = &console.Error{Kind: console.KindPreconditionFailed,
	Message: `If-Match must name one version, like "3" (the ETag you read).`}

// ifMatch returns the version named by If-Match, or 0 when the header is
// absent or "*". Every PATCH hands it to the service, which refuses 0
// (console.ErrVersionRequired) once the caller is authorized: a change
// computed from a copy must say which copy. A DELETE may be
// unconditional.
func ifMatch(r *http.Request) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	v, ok := parseIfMatch(h)
	if !ok {
		return 0, errBadIfMatch
	}
	return v, nil
}

// parseIfMatch reads a version from `"3"` or `3`. A weak tag (`W/"3"`)
// never matches: If-Match compares strongly (RFC 9110 §13.1.1).
func parseIfMatch(h string) (int64, bool) {
	h = strings.TrimSpace(h)
	if strings.HasPrefix(h, "W/") {
		return 0, false
	}
	h = strings.Trim(h, `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	return v, err == nil && v > 0
}

// setETag names the version of the resource in the answer.
func setETag(w http.ResponseWriter, version int64) {
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(version, 10)))
}
