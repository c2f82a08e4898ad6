package httpx

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

const loggerKey ctxKey = 100

func loggerFrom(r *http.Request) *slog.Logger {
	if l, ok := r.Context().Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// statusRecorder remembers the status a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// requestIDKey holds the request's id in its context (see RequestID).
const requestIDKey ctxKey = 101

// RequestIDHeader is the response header that carries the request's id.
const RequestIDHeader = "X-Request-Id"

// RequestID returns the id Log gave the request: 26 characters of random
// base32, in the response's X-Request-Id header, every log line of the
// request, and problem+json bodies, so that an answer a person reports
// can be found in the log. "" outside a request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Log gives every request an id (see RequestID) and logs it at Info (5xx
// at Error, except 503, an answered
// unavailability such as a database outage or /readyz during a version
// mismatch, at Warn) and recovers panics into a 500 answer, so one bad
// request never stops the server.
func Log(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		id := rand.Text()
		w.Header().Set(RequestIDHeader, id)
		log := log.With("request_id", id)
		ctx := context.WithValue(context.WithValue(r.Context(), loggerKey, log), requestIDKey, id)
		r = r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					internalError(rec, r, log)
				}
			}
			level := slog.LevelInfo
			switch {
			case rec.status == http.StatusServiceUnavailable:
				level = slog.LevelWarn
			case rec.status >= 500:
				level = slog.LevelError
			}
			if !log.Enabled(r.Context(), level) {
				return
			}
			log.Log(r.Context(), level, "http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"duration", time.Since(start).Round(time.Microsecond), "ip", ClientFrom(r).IP)
		}()
		next.ServeHTTP(rec, r)
	})
}

// internalError answers a request whose handler panicked: problem+json
// under /api/ (with the request id, like every API error), plain text
// elsewhere, where no page can be trusted to render.
func internalError(w http.ResponseWriter, r *http.Request, log *slog.Logger) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		WriteProblem(w, r, log, errPanic)
		return
	}
	http.Error(w, "Internal Server Error (request "+RequestID(r.Context())+")", http.StatusInternalServerError)
}

// errPanic is the internal error a panic is answered with; its text is
// logged, never shown.
var errPanic = errors.New("httpx: the handler panicked")

// SecureHeaders sets headers that keep pages from being framed, sniffed or
// leaking their URLs (which can hold one-time tokens) to other sites, and a
// Content-Security-Policy that only allows Console's own scripts and styles.
func SecureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for name, value := range secureHeaders {
			h[name] = value
		}
		if IsHTTPS(r) {
			h["Strict-Transport-Security"] = hsts
		}
		next.ServeHTTP(w, r)
	})
}

// secureHeaders are set on every answer. Their names are already in
// canonical form; the value slices are shared, which is safe because each
// is full (len == cap), so an Add copies rather than writes into it.
var secureHeaders = map[string][]string{
	"X-Content-Type-Options":  {"nosniff"},
	"X-Frame-Options":         {"DENY"},
	"Referrer-Policy":         {"no-referrer"},
	"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"},
}

var hsts = []string{"max-age=31536000"}

// CrossOrigin refuses unsafe cross-origin browser requests (by Sec-Fetch-Site
// and Origin), a first line of CSRF defence in front of per-session tokens.
func CrossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteProblem(w, r, loggerFrom(r), ErrCSRF)
	}))
	return cop.Handler(next)
}

// Deadline gives every request at most d to be answered: the database
// calls made for it are cancelled past that, and the request fails with
// 503 and Retry-After (see store's mapping of context.DeadlineExceeded)
// instead of waiting on a database that accepts connections but never
// answers.
func Deadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
