package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"console/internal/httpx"
	"console/internal/service"
)

// IdempotencyKeyHeader names a creating request so that retrying it is
// safe (draft-ietf-httpapi-idempotency-key-header); ReplayedHeader marks
// an answer replayed from the first request with that key.
const (
	IdempotencyKeyHeader = "Idempotency-Key"
	ReplayedHeader       = "Idempotent-Replayed"
)

// replayedHeaders are the headers of an answer kept for its replay.
var replayedHeaders = []string{"Content-Type", "Cache-Control", "ETag", "Location"}

// idempotent makes a creating handler honour Idempotency-Key (see
// service.ReserveIdempotencyKey): without the header it just runs fn.
// With it, the first request runs fn and, if it answers 2xx, its status,
// replayedHeaders and body are kept 24 hours for the same caller, route
// and key; a retry with the same body gets that answer byte for byte,
// with Idempotent-Replayed: true, and creates nothing. The same key with
// another body is 422, a retry while the first still runs 409 with
// Retry-After, a malformed key 400. A request that fails (an error, or an
// answer other than 2xx) frees the key, since it created nothing: the
// caller may fix it and retry with the same key. Registering a route as
// a.idempotent(a.createX) is all a creating route needs; one whose answer
// holds a secret shown once (an API token) uses idempotentSecret instead,
// or the secret would be stored in the clear.
func (a *API) idempotent(fn func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return a.idempotency(fn, false)
}

// idempotentSecret is idempotent for a creating route whose answer holds
// a secret shown only once (POST /api/v1/tokens): the answer's body is
// never stored, and a retry after success is 409 naming Idempotency-Key,
// with the first answer's Location, instead of the secret. Retries still
// create nothing.
func (a *API) idempotentSecret(fn func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return a.idempotency(fn, true)
}

// idempotency is idempotent and idempotentSecret: secret withholds the
// body.
func (a *API) idempotency(fn func(http.ResponseWriter, *http.Request) error, secret bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		key, sent := r.Header[IdempotencyKeyHeader]
		actor := httpx.ActorFrom(r.Context())
		if !sent || actor == nil {
			return fn(w, r) // no key; or not signed in, which fn refuses
		}
		body, err := httpx.ReadBody(r)
		if err != nil {
			return err
		}
		req := service.IdempotentRequest{Scope: service.CallerScope(actor), Route: r.Pattern, Key: idempotencyKey(key), Body: body}
		reserved, stored, err := a.svc.ReserveIdempotencyKey(r.Context(), actor, req)
		switch {
		case err != nil:
			return err
		case stored != nil:
			return replay(w, stored)
		}
		return a.runReserved(w, r, fn, reserved, secret)
	}
}

// runReserved runs fn for the request holding reserved, then keeps its
// answer if it is 2xx, or frees the key, before sending it.
func (a *API) runReserved(w http.ResponseWriter, r *http.Request, fn func(http.ResponseWriter, *http.Request) error,
	reserved *service.IdempotencyReservation, secret bool) error {
	rec := &answerRecorder{header: http.Header{}}
	err := fn(rec, r)
	// Finish even if the client went away: the answer is for its retry.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err != nil || rec.status < 200 || rec.status > 299 {
		if rerr := a.svc.ReleaseIdempotencyKey(ctx, reserved); rerr != nil {
			a.log.Error("releasing an Idempotency-Key", "err", rerr)
		}
		if err != nil {
			return err
		}
	} else if serr := a.svc.SaveIdempotentAnswer(ctx, reserved, rec.answer(secret)); serr != nil {
		// The resource exists: answer it. A retry after the lease runs
		// again and is refused as a duplicate, not repeated.
		a.log.Error("storing an Idempotency-Key's answer", "err", serr)
	}
	rec.writeTo(w)
	return nil
}

// idempotencyKey reads the header's values: one key, as the IETF draft
// writes it (a structured-field string, "quoted") or as Stripe's clients
// send it (bare); both name the same key. Sent twice, or empty, it is ""
// (which the service refuses as malformed).
func idempotencyKey(values []string) string {
	if len(values) != 1 {
		return ""
	}
	k := strings.TrimSpace(values[0])
	if len(k) >= 2 && k[0] == '"' && k[len(k)-1] == '"' {
		k = k[1 : len(k)-1]
	}
	return k
}

// replay answers a stored answer, marked as replayed. One withheld (it
// held a secret) is refused instead, pointing at what was created.
func replay(w http.ResponseWriter, a *service.IdempotentAnswer) error {
	if a.Withheld {
		if loc := a.Headers["Location"]; loc != "" {
			w.Header().Set("Location", loc)
		}
		return service.ErrIdempotentAnswerWithheld
	}
	for k, v := range a.Headers {
		w.Header().Set(k, v)
	}
	w.Header().Set(ReplayedHeader, "true")
	w.Header().Set("Content-Length", strconv.Itoa(len(a.Body)))
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
	return nil
}

// answerRecorder keeps a handler's answer, to be stored before it is
// sent.
type answerRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *answerRecorder) Header() http.Header { return r.header }

func (r *answerRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *answerRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// answer is what is kept of the recorded answer: all of it, or without
// its body when it holds a secret shown once.
func (r *answerRecorder) answer(secret bool) service.IdempotentAnswer {
	a := service.IdempotentAnswer{Status: r.status, Headers: map[string]string{}, Body: r.body.Bytes(), Withheld: secret}
	for _, h := range replayedHeaders {
		if v := r.header.Get(h); v != "" {
			a.Headers[h] = v
		}
	}
	return a
}

// writeTo sends the recorded answer.
func (r *answerRecorder) writeTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes())
}
