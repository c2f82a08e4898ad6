package storetest

import (
	"sync"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
)

func addToken(t *testing.T, s *store.Store, u *console.User, hash string, expires time.Time) {
	t.Helper()
	err := s.Tx(ctx, func(q *store.Queries) error {
		return q.CreateUserToken(ctx, u.OrgID, u.ID, store.PurposeInvitation, hash, t0, expires)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testTokenSingleUse(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	u := addUser(t, s, f.org.ID, "new@acme.test", console.StatusInvited, t0)
	addToken(t, s, u, "tok", t0.Add(time.Hour))
	if state, _, _ := s.PeekUserToken(ctx, store.PurposeInvitation, "tok", t0); state != store.TokenValid {
		t.Fatalf("fresh token state %s", state)
	}
	if _, _, err := consume(s, store.PurposePasswordReset, "tok", t0); console.KindOf(err) != console.KindNotFound {
		t.Fatalf("token consumed for the wrong purpose: %v", err)
	}
	org, uid, err := consume(s, store.PurposeInvitation, "tok", t0)
	if err != nil || org != f.org.ID || uid != u.ID {
		t.Fatalf("consume: %s %s %v", org, uid, err)
	}
	_, _, err = consume(s, store.PurposeInvitation, "tok", t0)
	wantKind(t, err, console.KindNotFound)
	if state, _, _ := s.PeekUserToken(ctx, store.PurposeInvitation, "tok", t0); state != store.TokenUsed {
		t.Fatalf("used token state %s", state)
	}
	if state, _, _ := s.PeekUserToken(ctx, store.PurposeInvitation, "nope", t0); state != store.TokenUnknown {
		t.Fatalf("unknown token state %s", state)
	}
}

func testTokenConcurrentUse(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	u := addUser(t, s, f.org.ID, "new@acme.test", console.StatusInvited, t0)
	addToken(t, s, u, "race", t0.Add(time.Hour))
	const tries = 8
	var wins, losses int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range tries {
		wg.Go(func() {
			err := s.Tx(ctx, func(q *store.Queries) error {
				_, _, err := q.ConsumeUserToken(ctx, store.PurposeInvitation, "race", t0)
				return err
			})
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				wins++
			} else if console.KindOf(err) == console.KindNotFound {
				losses++
			} else {
				t.Errorf("concurrent consume: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 || losses != tries-1 {
		t.Fatalf("%d wins, %d losses; want exactly one win", wins, losses)
	}
}

func testTokenExpiry(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	u := addUser(t, s, f.org.ID, "new@acme.test", console.StatusInvited, t0)
	addToken(t, s, u, "old", t0.Add(time.Hour))
	later := t0.Add(time.Hour)
	if state, _, _ := s.PeekUserToken(ctx, store.PurposeInvitation, "old", later); state != store.TokenExpired {
		t.Fatalf("state at expiry %s", state)
	}
	_, _, err := consume(s, store.PurposeInvitation, "old", later)
	wantKind(t, err, console.KindNotFound)
	got, _ := s.UserByID(ctx, f.org.ID, u.ID)
	if !got.InvitationExpired(later) || got.InvitationExpired(t0) {
		t.Fatalf("InvitationExpired: expires at %v", got.InvitationExpiresAt)
	}
}

func testSessionLifecycle(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	mk := func(hash string, lastSeen, expires time.Time) *console.Session {
		sess := &console.Session{OrgID: f.org.ID, UserID: f.admin.ID, CreatedAt: t0, LastSeenAt: lastSeen, ExpiresAt: expires, IP: "192.0.2.1"}
		if err := s.Tx(ctx, func(q *store.Queries) error { return q.CreateSession(ctx, sess, hash) }); err != nil {
			t.Fatal(err)
		}
		return sess
	}
	live := mk("live", t0, t0.Add(48*time.Hour))
	mk("idle", t0.Add(-10*time.Hour), t0.Add(48*time.Hour))
	mk("old", t0, t0.Add(-time.Second))
	got, user, err := s.SessionByTokenHash(ctx, "live")
	if err != nil || got.ID != live.ID || user.Email != f.admin.Email || user.Status != console.StatusActive {
		t.Fatalf("lookup: %+v %+v %v", got, user, err)
	}
	n, err := writeN(s, func(q *store.Queries) (int64, error) { return q.DeleteSessionsBefore(ctx, t0, t0.Add(-8*time.Hour)) })
	if err != nil || n != 2 {
		t.Fatalf("swept %d (%v), want the idle and the expired one", n, err)
	}
	if n, _ := writeN(s, func(q *store.Queries) (int64, error) { return q.DeleteUserSessions(ctx, f.org.ID, f.admin.ID) }); n != 1 {
		t.Fatalf("ended %d sessions, want 1", n)
	}
	_, _, err = s.SessionByTokenHash(ctx, "live")
	wantKind(t, err, console.KindNotFound)
}

func testAuditAndSignIns(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	err := s.Tx(ctx, func(q *store.Queries) error {
		for i, action := range []string{"user.create", "user.sign_in"} {
			e := &console.AuditEvent{OrgID: f.org.ID, ActorID: f.admin.ID, Action: action, TargetID: f.admin.ID,
				Details: map[string]string{"n": action}, CreatedAt: t0.Add(time.Duration(i) * time.Second)}
			if err := q.InsertAudit(ctx, e); err != nil {
				return err
			}
		}
		if err := q.InsertSignInAttempt(ctx, &console.SignInAttempt{Email: "x@y.test", Result: console.SignInUnknownOrg, CreatedAt: t0}); err != nil {
			return err
		}
		return q.InsertSignInAttempt(ctx, &console.SignInAttempt{OrgID: f.org.ID, UserID: f.admin.ID, Email: f.admin.Email, Result: console.SignInWrongPassword, CreatedAt: t0})
	})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.ListAudit(ctx, f.org.ID, store.AuditFilter{Limit: 10})
	if len(all) != 2 || all[0].Action != "user.sign_in" || all[0].Details["n"] != "user.sign_in" {
		t.Fatalf("audit newest first with details: %+v", all)
	}
	some, _ := s.ListAudit(ctx, f.org.ID, store.AuditFilter{Action: "user.create", Limit: 10})
	if len(some) != 1 {
		t.Fatalf("filter by action: %d", len(some))
	}
	attempts, _ := s.ListSignInAttempts(ctx, f.org.ID, f.admin.ID, 10)
	if len(attempts) != 1 || attempts[0].Result != console.SignInWrongPassword {
		t.Fatalf("attempts: %+v", attempts)
	}
}

// consume uses a token in its own transaction.
func consume(s *store.Store, purpose store.TokenPurpose, hash string, now time.Time) (orgID, userID string, err error) {
	err = write(s, func(q *store.Queries) (err error) {
		orgID, userID, err = q.ConsumeUserToken(ctx, purpose, hash, now)
		return err
	})
	return orgID, userID, err
}
