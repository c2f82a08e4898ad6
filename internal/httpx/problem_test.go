package httpx_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/httpx"
)

// TestPanicIsAProblem: a handler that panics under /api/ is answered 500
// as problem+json with the request id, and the server goes on.
func TestPanicIsAProblem(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := httpx.Log(log, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	for _, path := range []string{"/api/v1/users", "/users"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusInternalServerError {
			t.Fatalf("%s: %d", path, w.Code)
		}
		if path != "/api/v1/users" {
			continue
		}
		var p httpx.Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s: %s %s", path, w.Header().Get("Content-Type"), w.Body)
		}
		if p.RequestID == "" || p.RequestID != w.Header().Get(httpx.RequestIDHeader) || p.Detail == "" || p.Status != 500 {
			t.Errorf("problem %+v", p)
		}
	}
}

// TestRateLimitedHasRetryAfter: every 429 says how long to wait, in whole
// seconds rounded up, at least one.
func TestRateLimitedHasRetryAfter(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{{0, "1"}, {300 * time.Millisecond, "1"}, {1500 * time.Millisecond, "2"}, {15 * time.Second, "15"}} {
		w := httptest.NewRecorder()
		httpx.WriteProblem(w, httptest.NewRequest("GET", "/api/v1/x", nil), log,
			&console.Error{Kind: console.KindRateLimited, Message: "Slow down.", RetryAfter: tc.wait})
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != tc.want ||
			w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("wait %s: %d Retry-After %q %s", tc.wait, w.Code, w.Header().Get("Retry-After"), w.Header().Get("Content-Type"))
		}
	}
}
