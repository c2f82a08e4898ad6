package storetest

import (
	"errors"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
)

func testMigrateTwice(t *testing.T, s *store.Store) {
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second migrate applied %v, err %v; want nothing", applied, err)
	}
	if n, err := s.PendingMigrations(ctx); err != nil || n != 0 {
		t.Fatalf("pending = %d, %v", n, err)
	}
}

func testOrgSlugUnique(t *testing.T, s *store.Store) {
	seed(t, s, "acme")
	err := s.Tx(ctx, func(q *store.Queries) error {
		return q.CreateOrg(ctx, &console.Org{Slug: "acme", Name: "Again", CreatedAt: t0})
	})
	wantKind(t, err, console.KindConflict)
	if !store.IsUniqueViolation(err) {
		t.Fatalf("want a unique violation, got %v", err)
	}
}

func testEmailUnique(t *testing.T, s *store.Store) {
	a, b := seed(t, s, "acme"), seed(t, s, "globex")
	addUser(t, s, a.org.ID, "Jane@Example.com", console.StatusInvited, t0)
	err := s.Tx(ctx, func(q *store.Queries) error {
		return q.CreateUser(ctx, &console.User{OrgID: a.org.ID, Email: "jane@EXAMPLE.com", Status: console.StatusInvited, CreatedAt: t0})
	})
	wantKind(t, err, console.KindConflict)
	addUser(t, s, b.org.ID, "jane@example.com", console.StatusInvited, t0)
	u, err := s.UserByEmail(ctx, a.org.ID, "JANE@example.COM")
	if err != nil || u.Email != "Jane@Example.com" {
		t.Fatalf("lookup ignoring case: %v %v", u, err)
	}
}

func testTxRollsBack(t *testing.T, s *store.Store) {
	boom := errors.New("boom")
	err := s.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateOrg(ctx, &console.Org{Slug: "half", Name: "Half", CreatedAt: t0}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.OrgBySlug(ctx, "half"); console.KindOf(err) != console.KindNotFound {
		t.Fatalf("rolled back org still there: %v", err)
	}
}

func testTimesRoundTrip(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	u, err := s.UserByID(ctx, f.org.ID, f.admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !u.CreatedAt.Equal(t0) || u.ActivatedAt == nil || !u.ActivatedAt.Equal(t0) || u.LastLoginAt != nil {
		t.Fatalf("times: created %v activated %v last %v; want %v", u.CreatedAt, u.ActivatedAt, u.LastLoginAt, t0)
	}
	later := t0.Add(36 * time.Hour)
	if err := write(s, func(q *store.Queries) error { return q.RecordLogin(ctx, f.org.ID, f.admin.ID, later) }); err != nil {
		t.Fatal(err)
	}
	u, _ = s.UserByID(ctx, f.org.ID, f.admin.ID)
	if u.LastLoginAt == nil || !u.LastLoginAt.Equal(later) {
		t.Fatalf("last login %v, want %v", u.LastLoginAt, later)
	}
}

func testPermissionUnion(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	u := addUser(t, s, f.org.ID, "e@acme.test", console.StatusActive, t0)
	managers := &console.Group{OrgID: f.org.ID, Name: "User Managers", Permissions: []string{console.PermUsersRead, console.PermUsersInvite}, CreatedAt: t0}
	err := s.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateGroup(ctx, managers); err != nil {
			return err
		}
		if err := q.AddMember(ctx, f.org.ID, u.ID, f.other.ID, t0); err != nil {
			return err
		}
		return q.AddMember(ctx, f.org.ID, u.ID, managers.ID, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
	perms, err := s.UserPermissions(ctx, f.org.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := perms.Sorted()
	want := []string{"content:edit", console.PermUsersInvite, console.PermUsersRead}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("union = %v, want %v", got, want)
	}
}
