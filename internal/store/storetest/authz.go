package storetest

import (
	"context"
	"testing"

	"console/internal/console"
	"console/internal/store"
)

// testAuthzVersionBumps checks that every write changing who holds what
// bumps the organization's authorization version, which permission caches
// rely on to never serve a stale answer.
func testAuthzVersionBumps(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	org := f.org.ID
	u := addUser(t, s, org, "u@acme.test", console.StatusInvited, t0)
	if err := s.Tx(ctx, func(q *store.Queries) error {
		return q.CreatePermission(ctx, org, console.Permission{Name: "content:edit"}, t0)
	}); err != nil {
		t.Fatal(err)
	}
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
