package httpx

import (
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"console/internal/console"
)

// Status maps an error kind to its HTTP status.
func Status(kind console.Kind) int {
	switch kind {
	case console.KindMalformed:
		return http.StatusBadRequest
	case console.KindInvalid:
		return http.StatusUnprocessableEntity
	case console.KindUnauthenticated:
		return http.StatusUnauthorized
	case console.KindForbidden:
		return http.StatusForbidden
	case console.KindNotFound:
		return http.StatusNotFound
	case console.KindConflict:
		return http.StatusConflict
	case console.KindPreconditionFailed:
		return http.StatusPreconditionFailed
	case console.KindRateLimited:
		return http.StatusTooManyRequests
	case console.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case console.KindUnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case console.KindUnavailable:
		return http.StatusServiceUnavailable
	case console.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type   string               `json:"type"`
	Title  string               `json:"title"`
	Status int                  `json:"status"`
	Detail string               `json:"detail,omitempty"`
	Errors []console.FieldError `json:"errors,omitempty"`
	// RequestID is the request's id (see RequestID), to quote when
	// reporting a problem.
	RequestID string `json:"request_id,omitempty"`
	// CurrentVersion, on a 412 for a stale If-Match, is the version the
	// item is at now (its ETag without quotes).
	CurrentVersion int64 `json:"current_version,omitempty"`
}

// ProblemFor returns the safe description of err: internal errors are
// logged and answered with a generic text, never their own.
func ProblemFor(r *http.Request, log *slog.Logger, err error) Problem {
	e := console.AsError(err)
	kind := console.KindOf(err)
	status := Status(kind)
	p := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, RequestID: RequestID(r.Context())}
	if e == nil || kind == console.KindInternal {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", p.RequestID, "err", err)
		p.Detail = "Something went wrong on our side. Try again; if it persists, tell your administrator."
		return p
	}
	if kind == console.KindUnavailable {
		log.Warn("dependency unavailable", "method", r.Method, "path", r.URL.Path, "request_id", p.RequestID, "err", err)
	}
	p.Detail, p.Errors, p.CurrentVersion = e.Message, e.Fields, e.CurrentVersion
	return p
}

// WriteProblem answers err as application/problem+json carrying the
// request's id, with Retry-After when the error says when to retry (503)
// and on every 429.
func WriteProblem(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	p := ProblemFor(r, log, err)
	if p.Status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="console"`)
	}
	SetRetryAfter(w, err)
	writeJSON(w, p.Status, "application/problem+json", p)
}

// SetRetryAfter sets the Retry-After header (RFC 9110 §10.2.3) in whole
// seconds, rounded up, when err says how long to wait. A rate-limited
// error (429) always gets one, at least 1 second, so that a client
// never has to guess.
func SetRetryAfter(w http.ResponseWriter, err error) {
	d := console.RetryAfterOf(err)
	if d <= 0 && console.KindOf(err) == console.KindRateLimited {
		d = time.Second
	}
	if d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10))
	}
}
