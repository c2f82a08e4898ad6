package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// Idempotency-Key policy (see ReserveIdempotencyKey). The README and
// docs/design-notes.md repeat it.
const (
	// IdempotencyKeyTTL is how long an answer is kept for retries; after
	// it, the key is free again and the answer is purged (Retention).
	IdempotencyKeyTTL = 24 * time.Hour
	// IdempotencyLease is how long a request holds its key before a retry
	// may take it over, as if the request had died: longer than any
	// request may run (the server's request timeout is 20 seconds).
	IdempotencyLease = time.Minute
	// MaxIdempotencyKey bounds a key, in bytes.
	MaxIdempotencyKey = 255
	// idempotencyRetry is the Retry-After of a retry arriving while the
	// first request still runs: creating requests take well under a
	// second.
	idempotencyRetry = time.Second
)

// IdempotentRequest is one creating request sent with an Idempotency-Key.
type IdempotentRequest struct {
	// Scope is who asks, as CallerScope gives it: a key belongs to one
	// caller, so no one else can replay their answer.
	Scope string
	// Route is the method and route pattern, e.g. "POST /api/v1/groups".
	Route string
	// Key is the Idempotency-Key header's value.
	Key string
	// Body is the request body, compared (by its SHA-256) with the
	// first request's.
	Body []byte
}

// IdempotentAnswer is a stored answer: the status, the headers worth
// replaying (Content-Type, ETag, Location) and the body, byte for byte.
// Withheld marks an answer whose body held a secret shown only once (a
// new API token): its body is never stored, and a retry is told the
// request succeeded rather than shown the secret again.
type IdempotentAnswer struct {
	Status   int
	Headers  map[string]string
	Body     []byte
	Withheld bool
}

// ErrIdempotentAnswerWithheld answers the retry of a request that
// succeeded with a secret shown only once: the secret was not kept, so
// the answer cannot be replayed (console.KindConflict naming the key).
var ErrIdempotentAnswerWithheld = &console.Error{Kind: console.KindConflict,
	Fields: []console.FieldError{{Field: "Idempotency-Key", Message: "This key's request already succeeded."}},
	Message: "The request sent with this Idempotency-Key already succeeded (see Location). Its answer held a secret shown only once, " +
		"which Console does not keep: if it was lost, revoke what was created and create it again with a new key."}

// IdempotencyReservation is a key reserved for the request at hand:
// finish it with SaveIdempotentAnswer or ReleaseIdempotencyKey.
type IdempotencyReservation struct {
	orgID, id string
}

// CallerScope is the scope of the actor's Idempotency-Keys: the person
// ("user:ID") or the API token ("token:ID") making the request, so a
// token and the person who made it never share keys.
func CallerScope(actor *console.Actor) string {
	if actor.TokenID != "" {
		return "token:" + actor.TokenID
	}
	return "user:" + actor.UserID
}

// The refusals of ReserveIdempotencyKey; each names the header.
var (
	errIdempotencyKeyShape = console.Malformed("Idempotency-Key",
		"Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.")
	errIdempotencyKeyReused = console.Invalid(console.FieldError{Field: "Idempotency-Key",
		Message: "This Idempotency-Key was used with another request body. Use a new key for a new request."})
	errIdempotencyKeyGone = &console.Error{Kind: console.KindConflict,
		Fields:  []console.FieldError{{Field: "Idempotency-Key", Message: "What this key's request created has since been deleted."}},
		Message: "The request sent with this Idempotency-Key created something that has since been deleted, so its answer is gone. Nothing was created again; to create it anew, use a new key."}
	errIdempotencyKeyRunning = &console.Error{Kind: console.KindConflict, RetryAfter: idempotencyRetry,
		Fields:  []console.FieldError{{Field: "Idempotency-Key", Message: "A request with this key is still being processed."}},
		Message: "A request with this Idempotency-Key is still being processed. Retry after it finishes to get its answer."}
)

// ValidIdempotencyKey reports whether key can be an Idempotency-Key: 1
// to MaxIdempotencyKey visible ASCII characters (spaces allowed inside).
func ValidIdempotencyKey(key string) bool {
	if key == "" || len(key) > MaxIdempotencyKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// ReserveIdempotencyKey starts a request sent with an Idempotency-Key, in
// a transaction of its own, so that every Console instance sees it at
// once. It returns either a reservation (run the request, then finish the
// reservation) or the answer stored for an earlier request with the same
// key and body (replay it; run nothing). A key sent before with another
// body is console.KindInvalid, a key whose first request is still
// running console.KindConflict with a RetryAfter, a key whose creation
// was since deleted with the person (see forgetPerson) console.KindConflict
// too, a malformed key
// console.KindMalformed, each naming "Idempotency-Key". A key is kept
// IdempotencyKeyTTL from its first use; a reservation whose request died
// is taken over after IdempotencyLease.
func (s *Service) ReserveIdempotencyKey(ctx context.Context, actor *console.Actor, req IdempotentRequest) (*IdempotencyReservation, *IdempotentAnswer, error) {
	if actor == nil {
		return nil, nil, console.ErrUnauthenticated
	}
	if !ValidIdempotencyKey(req.Key) {
		return nil, nil, errIdempotencyKeyShape
	}
	sum := sha256.Sum256(req.Body)
	k := store.IdempotencyKey{OrgID: actor.OrgID, Scope: req.Scope, Route: req.Route, Key: req.Key, RequestHash: hex.EncodeToString(sum[:])}
	now := s.now()
	var got *store.Reservation
	err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
		got, err = q.ReserveIdempotencyKey(ctx, k, now, now.Add(IdempotencyLease), now.Add(-IdempotencyKeyTTL))
		return err
	})
	switch {
	case err != nil:
		return nil, nil, err
	case got.Mismatch:
		return nil, nil, errIdempotencyKeyReused
	case got.Gone:
		return nil, nil, errIdempotencyKeyGone
	case got.Answer != nil:
		return nil, &IdempotentAnswer{Status: got.Answer.Status, Headers: got.Answer.Headers, Body: got.Answer.Body,
			Withheld: got.Answer.Withheld}, nil
	case got.Running:
		return nil, nil, errIdempotencyKeyRunning
	}
	return &IdempotencyReservation{orgID: actor.OrgID, id: got.ID}, nil, nil
}

// SaveIdempotentAnswer keeps the answer of the reserved request for its
// retries. A reservation taken over meanwhile (its lease ended) is left
// to the request that took it, and logged.
func (s *Service) SaveIdempotentAnswer(ctx context.Context, res *IdempotencyReservation, a IdempotentAnswer) error {
	return s.store.Tx(ctx, func(q *store.Queries) error {
		ok, err := q.SaveIdempotentAnswer(ctx, res.orgID, res.id, store.IdempotentAnswer{Status: a.Status, Headers: a.Headers,
			Body: a.Body, Withheld: a.Withheld})
		if err == nil && !ok {
			s.log.Warn("an Idempotency-Key's reservation ended before its answer was stored", "reservation", res.id)
		}
		return err
	})
}

// ReleaseIdempotencyKey frees the reserved key without storing an answer,
// for a request that failed and changed nothing: a retry with the same
// key runs afresh.
func (s *Service) ReleaseIdempotencyKey(ctx context.Context, res *IdempotencyReservation) error {
	return s.store.Tx(ctx, func(q *store.Queries) error { return q.ReleaseIdempotencyKey(ctx, res.orgID, res.id) })
}
