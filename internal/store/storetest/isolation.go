package storetest

import (
	"testing"

	"console/internal/console"
	"console/internal/store"
)

// testTenantIsolation asks every organization-scoped query for organization
// B's rows while naming organization A: each must behave as if they did not
// exist, and must leave B's rows untouched.
func testTenantIsolation(t *testing.T, s *store.Store) {
	a, b := seed(t, s, "acme"), seed(t, s, "globex")
	bSession := &console.Session{OrgID: b.org.ID, UserID: b.admin.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.AddDate(1, 0, 0)}
	invited := addUser(t, s, b.org.ID, "new@globex.test", console.StatusInvited, t0)
	err := s.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateSession(ctx, bSession, "hash-b"); err != nil {
			return err
		}
		if err := q.InsertAudit(ctx, &console.AuditEvent{OrgID: b.org.ID, ActorID: b.admin.ID, Action: "x", CreatedAt: t0}); err != nil {
			return err
		}
		return q.InsertSignInAttempt(ctx, &console.SignInAttempt{OrgID: b.org.ID, UserID: b.admin.ID, Email: b.admin.Email, Result: console.SignInSuccess, CreatedAt: t0})
	})
	if err != nil {
		t.Fatal(err)
	}
	A, bid := a.org.ID, b.admin.ID

	notFound := map[string]error{}
	_, notFound["UserByID"] = s.UserByID(ctx, A, bid)
	_, notFound["UserByEmail"] = s.UserByEmail(ctx, A, b.admin.Email)
	notFound["DeleteSession"] = write(s, func(q *store.Queries) error { return q.DeleteSession(ctx, A, bSession.ID) })
	notFound["ActivateUser"] = write(s, func(q *store.Queries) error { return q.ActivateUser(ctx, A, invited.ID, "x", "h", t0) })
	notFound["RemoveMember"] = write(s, func(q *store.Queries) error { return q.RemoveMember(ctx, A, bid, b.admins.ID) })
	for name, err := range notFound {
		if console.KindOf(err) != console.KindNotFound {
			t.Errorf("%s across organizations: err %v, want not found", name, err)
		}
	}

	page, _ := s.ListUsers(ctx, A, store.UserFilter{Limit: 100})
	for _, u := range page.Users {
		if u.OrgID != A {
			t.Errorf("ListUsers(A) returned %s of another organization", u.Email)
		}
	}
	page, _ = s.ListUsers(ctx, A, store.UserFilter{Limit: 100, GroupID: b.admins.ID})
	if len(page.Users) != 0 {
		t.Errorf("ListUsers(A) by B's group returned %d users", len(page.Users))
	}
	groups, _ := s.ListGroups(ctx, A)
	for _, g := range groups {
		if g.ID == b.admins.ID || g.ID == b.other.ID {
			t.Errorf("ListGroups(A) returned B's group %s", g.Name)
		}
	}
	if ref, _ := s.GroupByBuiltIn(ctx, A, console.GroupAdministrators); ref.ID != a.admins.ID {
		t.Errorf("GroupByBuiltIn(A) = %v", ref)
	}
	if perms, _ := s.UserPermissions(ctx, A, bid); len(perms) != 0 {
		t.Errorf("UserPermissions(A, B's admin) = %v", perms.Sorted())
	}
	if list, _ := s.ListUserSessions(ctx, A, bid); len(list) != 0 {
		t.Errorf("ListUserSessions across organizations: %d", len(list))
	}
	if n, _ := writeN(s, func(q *store.Queries) (int64, error) { return q.DeleteUserSessions(ctx, A, bid) }); n != 0 {
		t.Errorf("DeleteUserSessions across organizations ended %d", n)
	}
	if list, _ := s.ListAudit(ctx, A, store.AuditFilter{Limit: 100}); len(list) != 0 {
		t.Errorf("ListAudit(A) returned %d of B's events", len(list))
	}
	if list, _ := s.ListSignInAttempts(ctx, A, "", 100); len(list) != 0 {
		t.Errorf("ListSignInAttempts(A) returned %d of B's attempts", len(list))
	}

	// Writes naming A must not have touched B's rows.
	_ = write(s, func(q *store.Queries) error { return q.SetUserPassword(ctx, A, bid, "stolen") })
	_ = write(s, func(q *store.Queries) error { return q.RecordLogin(ctx, A, bid, t0.AddDate(0, 0, 1)) })
	// Touching a session that is not the organization's is refused as if
	// it did not exist, which is also what a swept session gets.
	wantKind(t, write(s, func(q *store.Queries) error { return q.TouchSession(ctx, A, bSession.ID, t0.AddDate(0, 0, 1)) }), console.KindNotFound)
	u, err := s.UserByID(ctx, b.org.ID, bid)
	if err != nil || u.PasswordHash != "h" || u.LastLoginAt != nil {
		t.Errorf("B's admin changed through A: %+v %v", u, err)
	}
	sess, _, err := s.SessionByTokenHash(ctx, "hash-b")
	if err != nil || !sess.LastSeenAt.Equal(t0) {
		t.Errorf("B's session changed through A: %+v %v", sess, err)
	}
	if u, _ := s.UserByID(ctx, b.org.ID, invited.ID); u == nil || u.Status != console.StatusInvited {
		t.Errorf("B's invited user activated through A")
	}
}

func testCrossTenantMembership(t *testing.T, s *store.Store) {
	a, b := seed(t, s, "acme"), seed(t, s, "globex")
	cases := map[string][3]string{
		"A's user into B's group": {a.org.ID, a.admin.ID, b.admins.ID},
		"B's user into A's group": {a.org.ID, b.admin.ID, a.admins.ID},
		"named as B, A's group":   {b.org.ID, b.admin.ID, a.admins.ID},
		"named as B, A's user":    {b.org.ID, a.admin.ID, b.admins.ID},
	}
	for name, c := range cases {
		err := s.Tx(ctx, func(q *store.Queries) error { return q.AddMember(ctx, c[0], c[1], c[2], t0) })
		if err == nil {
			t.Errorf("%s: membership accepted", name)
		}
	}
}
