package storetest

import (
	"sync"
	"testing"
	"time"

	"console/internal/store"
)

// reserve runs ReserveIdempotencyKey in a transaction of its own at now,
// with a one-minute lease and a day's retention.
func reserve(t *testing.T, s *store.Store, k store.IdempotencyKey, now time.Time) *store.Reservation {
	t.Helper()
	var got *store.Reservation
	err := write(s, func(q *store.Queries) (err error) {
		got, err = q.ReserveIdempotencyKey(ctx, k, now, now.Add(time.Minute), now.Add(-24*time.Hour))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// testIdempotencyKeys: a key is reserved once however many ask at once;
// while it runs others are told so; a lease that ran out is taken over
// and the late report of the request that lost it is ignored; a stored
// answer is replayed, byte for byte, to the same body only; an expired
// key is free again; keys of another organization, caller or route are
// apart.
func testIdempotencyKeys(t *testing.T, s *store.Store) {
	f, g := seed(t, s, "acme"), seed(t, s, "globex")
	k := store.IdempotencyKey{OrgID: f.org.ID, Scope: "user:" + f.admin.ID, Route: "POST /api/v1/groups", Key: "k1", RequestHash: "h1"}

	var mu sync.Mutex
	var wg sync.WaitGroup
	var first *store.Reservation
	reserved := 0
	for range 8 {
		wg.Go(func() {
			r := reserve(t, s, k, t0)
			mu.Lock()
			defer mu.Unlock()
			if r.ID != "" {
				reserved++
				first = r
			} else if !r.Running {
				t.Errorf("a concurrent reservation neither reserved nor running: %+v", r)
			}
		})
	}
	wg.Wait()
	if reserved != 1 {
		t.Fatalf("%d reservations of one key", reserved)
	}
	if r := reserve(t, s, k, t0.Add(30*time.Second)); !r.Running || !r.LockedUntil.Equal(t0.Add(time.Minute)) {
		t.Fatalf("while running: %+v", r)
	}
	taken := reserve(t, s, k, t0.Add(2*time.Minute))
	if taken.ID == "" || taken.ID == first.ID {
		t.Fatalf("a lease that ran out was not taken over: %+v", taken)
	}
	answer := store.IdempotentAnswer{Status: 201, Headers: map[string]string{"Location": "/api/v1/groups/x"}, Body: []byte(`{"id":"x"}` + "\n")}
	var ok bool
	if err := write(s, func(q *store.Queries) (err error) {
		ok, err = q.SaveIdempotentAnswer(ctx, f.org.ID, first.ID, answer)
		return err
	}); err != nil || ok {
		t.Fatalf("the request that lost its lease stored its answer: %v %v", ok, err)
	}
	if err := write(s, func(q *store.Queries) error { return q.ReleaseIdempotencyKey(ctx, f.org.ID, first.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := write(s, func(q *store.Queries) (err error) {
		ok, err = q.SaveIdempotentAnswer(ctx, g.org.ID, taken.ID, answer)
		return err
	}); err != nil || ok {
		t.Fatalf("another organization stored the answer: %v %v", ok, err)
	}
	if err := write(s, func(q *store.Queries) (err error) {
		ok, err = q.SaveIdempotentAnswer(ctx, f.org.ID, taken.ID, answer)
		return err
	}); err != nil || !ok {
		t.Fatalf("storing the answer: %v %v", ok, err)
	}
	r := reserve(t, s, k, t0.Add(time.Hour))
	if r.Answer == nil || r.Answer.Status != 201 || string(r.Answer.Body) != string(answer.Body) || r.Answer.Headers["Location"] != "/api/v1/groups/x" {
		t.Fatalf("replay: %+v", r)
	}
	other := k
	other.RequestHash = "h2"
	if r := reserve(t, s, other, t0.Add(time.Hour)); !r.Mismatch {
		t.Fatalf("another body with the key: %+v", r)
	}
	for _, apart := range []store.IdempotencyKey{
		{OrgID: g.org.ID, Scope: k.Scope, Route: k.Route, Key: k.Key, RequestHash: "h2"},
		{OrgID: k.OrgID, Scope: "user:someone-else", Route: k.Route, Key: k.Key, RequestHash: "h2"},
		{OrgID: k.OrgID, Scope: k.Scope, Route: "POST /api/v1/permissions", Key: k.Key, RequestHash: "h2"},
	} {
		if r := reserve(t, s, apart, t0.Add(time.Hour)); r.ID == "" {
			t.Errorf("%+v is not apart: %+v", apart, r)
		}
	}
	if r := reserve(t, s, other, t0.Add(25*time.Hour)); r.ID == "" {
		t.Fatalf("an expired key was not free again: %+v", r)
	}
	// An answer holding a secret shown once keeps no body.
	secret := store.IdempotencyKey{OrgID: f.org.ID, Scope: k.Scope, Route: "POST /api/v1/tokens", Key: "t", RequestHash: "h"}
	held := reserve(t, s, secret, t0.Add(time.Hour))
	if err := write(s, func(q *store.Queries) error {
		_, err := q.SaveIdempotentAnswer(ctx, f.org.ID, held.ID, store.IdempotentAnswer{Status: 201, Headers: map[string]string{}, Body: []byte(`{"token":"s3cr3t"}`), Withheld: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if r := reserve(t, s, secret, t0.Add(time.Hour)); r.Answer == nil || !r.Answer.Withheld || len(r.Answer.Body) != 0 {
		t.Errorf("a withheld answer: %+v", r.Answer)
	}
	// A deleted person's answers are erased, their own keys deleted.
	invite := store.IdempotencyKey{OrgID: f.org.ID, Scope: k.Scope, Route: "POST /api/v1/users/invite", Key: "i", RequestHash: "h"}
	byThem := store.IdempotencyKey{OrgID: f.org.ID, Scope: "user:gone", Route: k.Route, Key: "mine", RequestHash: "h"}
	for _, key := range []store.IdempotencyKey{invite, byThem} {
		res := reserve(t, s, key, t0.Add(time.Hour))
		loc := map[string]string{"Location": "/api/v1/users/gone"}
		if err := write(s, func(q *store.Queries) error {
			_, err := q.SaveIdempotentAnswer(ctx, f.org.ID, res.ID, store.IdempotentAnswer{Status: 201, Headers: loc, Body: []byte(`{"email":"gone@acme.test"}`)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := write(s, func(q *store.Queries) error {
		return q.ForgetIdempotentAnswers(ctx, f.org.ID, "user:gone", "/api/v1/users/gone")
	}); err != nil {
		t.Fatal(err)
	}
	if r := reserve(t, s, invite, t0.Add(time.Hour)); !r.Gone || r.Answer != nil {
		t.Errorf("a deleted person's answer: %+v", r)
	}
	if r := reserve(t, s, byThem, t0.Add(time.Hour)); r.ID == "" {
		t.Errorf("a deleted caller's key was kept: %+v", r)
	}
	var purged int64
	if err := write(s, func(q *store.Queries) (err error) {
		purged, err = q.PurgeBefore(ctx, store.PurgeIdempotencyKeys, t0.Add(time.Hour+time.Second), 100)
		return err
	}); err != nil || purged != 6 {
		t.Fatalf("purged %d (%v), want the 6 keys first used an hour in", purged, err)
	}
}
