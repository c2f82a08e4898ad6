package storetest

import (
	"context"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// testAuthzVersionBumps checks that every write changing who holds what,
// who a user is, or which sessions live bumps the organization's
// authorization version, which the permission and session caches rely on
// to never serve a stale answer.
func testAuthzVersionBumps(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	org := f.org.ID
	u := addUser(t, s, org, "u@acme.test", console.StatusInvited, t0)
	if err := s.Tx(ctx, func(q *store.Queries) error {
		return q.CreatePermission(ctx, org, console.Permission{Name: "content:edit"}, t0)
	}); err != nil {
		t.Fatal(err)
	}
	first := session(t, s, org, u.ID, "h1")
	session(t, s, org, u.ID, "h2")
	session(t, s, org, u.ID, "h3")
	session(t, s, org, f.admin.ID, "h4") // left for DeleteSessionsBefore
	writes := []struct {
		name string
		fn   func(q *store.Queries) error
	}{
		{"ActivateUser", func(q *store.Queries) error { return q.ActivateUser(ctx, org, u.ID, "U", "h", t0) }},
		{"AddMember", func(q *store.Queries) error { return q.AddMember(ctx, org, u.ID, f.other.ID, t0) }},
		{"RemoveMember", func(q *store.Queries) error { return q.RemoveMember(ctx, org, u.ID, f.other.ID) }},
		{"SetUserGroups", func(q *store.Queries) error { return q.SetUserGroups(ctx, org, u.ID, nil, t0) }},
		{"SetGroupPermissions", func(q *store.Queries) error { return q.SetGroupPermissions(ctx, org, f.other.ID, nil) }},
		{"DeletePermission", func(q *store.Queries) error { return q.DeletePermission(ctx, org, "content:edit") }},
		{"UpdateUser", func(q *store.Queries) error {
			cur, err := q.UserByID(ctx, org, u.ID)
			if err != nil {
				return err
			}
			name := "Renamed"
			return q.UpdateUser(ctx, org, u.ID, cur.Version, store.UserChanges{Name: &name})
		}},
		{"DeleteSession", func(q *store.Queries) error { return q.DeleteSession(ctx, org, first.ID) }},
		{"DeleteSessionByTokenHash", func(q *store.Queries) error { return q.DeleteSessionByTokenHash(ctx, "h2") }},
		{"DeleteUserSessions", func(q *store.Queries) error {
			_, err := q.DeleteUserSessions(ctx, org, u.ID)
			return err
		}},
		{"UpdateGroup", func(q *store.Queries) error { return q.UpdateGroup(ctx, org, f.other.ID, "Renamed", "") }},
		{"DeleteSessionsBefore", func(q *store.Queries) error {
			_, err := q.DeleteSessionsBefore(ctx, t0.Add(2*time.Hour), t0)
			return err
		}},
		{"SetUserStatus", func(q *store.Queries) error {
			return q.SetUserStatus(ctx, org, u.ID, console.StatusActive, console.StatusInactive, &t0)
		}},
		{"DeleteUser", func(q *store.Queries) error { return q.DeleteUser(ctx, org, u.ID, console.StatusInactive) }},
		{"DeleteGroup", func(q *store.Queries) error { return q.DeleteGroup(ctx, org, f.other.ID) }},
	}
	for _, w := range writes {
		before := version(t, s, org)
		if err := s.Tx(context.Background(), w.fn); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if after := version(t, s, org); after <= before {
			t.Errorf("%s left the authorization version at %d", w.name, after)
		}
	}
}

func version(t *testing.T, s *store.Store, orgID string) int64 {
	t.Helper()
	v, err := s.AuthzVersion(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// session starts a session of the user.
func session(t *testing.T, s *store.Store, orgID, userID, tokenHash string) *console.Session {
	t.Helper()
	sess := &console.Session{OrgID: orgID, UserID: userID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if err := s.Tx(ctx, func(q *store.Queries) error { return q.CreateSession(ctx, sess, tokenHash) }); err != nil {
		t.Fatal(err)
	}
	return sess
}
