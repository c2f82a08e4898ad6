package service_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/password"
	"console/internal/service"
	"console/internal/store"
	"console/internal/store/storetest"
)

// BenchmarkSignIn measures each outcome of a sign-in, so BENCHMARKS.md can
// show that failures cost the same whatever their reason. The clock jumps
// five hours before each attempt, longer than any throttle makes one wait
// below its hold, so that every attempt is checked; "throttled" measures
// the refusal of an attempt that is not.
func BenchmarkSignIn(b *testing.B) {
	ctx := context.Background()
	st, _ := storetest.OpenSQLite(b)
	clock := time.Now()
	svc := service.New(st, service.Config{BaseURL: "http://127.0.0.1", Now: func() time.Time { return clock }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	created, err := svc.CreateOrg(ctx, service.CreateOrgInput{Slug: "acme", Name: "Acme", AdminEmail: "admin@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		b.Fatal(err)
	}
	hash, _ := password.Hash("old password 1")
	err = st.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateUser(ctx, &console.User{OrgID: created.Org.ID, Email: "invited@acme.test", Status: console.StatusInvited}); err != nil {
			return err
		}
		return q.CreateUser(ctx, &console.User{OrgID: created.Org.ID, Email: "gone@acme.test", Status: console.StatusInactive, PasswordHash: hash})
	})
	if err != nil {
		b.Fatal(err)
	}
	password.VerifyDummy("warm up")
	cases := []struct{ name, org, email, password string }{
		{"success", "acme", "admin@acme.test", "correct horse battery"},
		{"unknown_org", "acmee", "admin@acme.test", "correct horse battery"},
		{"unknown_email", "acme", "nobody@acme.test", "correct horse battery"},
		{"wrong_password", "acme", "admin@acme.test", "not the password"},
		{"invited", "acme", "invited@acme.test", "anything at all"},
		{"inactive", "acme", "gone@acme.test", "old password 1"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				clock = clock.Add(5 * time.Hour)
				_, _ = svc.SignIn(ctx, service.SignInInput{Org: c.org, Email: c.email, Password: c.password})
			}
		})
	}
	b.Run("throttled", func(b *testing.B) {
		for range 5 {
			_, _ = svc.SignIn(ctx, service.SignInInput{Org: "acme", Email: "admin@acme.test", Password: "guess"})
		}
		for b.Loop() {
			if _, err := svc.SignIn(ctx, service.SignInInput{Org: "acme", Email: "admin@acme.test", Password: "guess"}); console.KindOf(err) != console.KindRateLimited {
				b.Fatalf("not throttled: %v", err)
			}
		}
	})
}
