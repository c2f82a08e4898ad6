package storetest

import (
	"testing"

	"console/internal/console"
	"console/internal/store"
)

// testEmailOneMailbox: two spellings of one mailbox (console.EmailKey) are
// one user of an organization: a second is refused, whether created or
// renamed to, and either spelling finds the first, shown as it was typed.
func testEmailOneMailbox(t *testing.T, s *store.Store) {
	a, b := seed(t, s, "acme"), seed(t, s, "globex")
	pairs := [][2]string{
		{"user@bücher.example", "USER@XN--BCHER-KVA.EXAMPLE"},
		{"josé@example.test", "JOSE\u0301@example.test"},
		{"ｊａｎｅ@Example.test", " jane@example.TEST. "},
		{"İnci@example.test", "inci@example.test"},
	}
	for _, p := range pairs {
		u := addUser(t, s, a.org.ID, p[0], console.StatusInvited, t0)
		err := s.Tx(ctx, func(q *store.Queries) error {
			return q.CreateUser(ctx, &console.User{OrgID: a.org.ID, Email: p[1], Status: console.StatusInvited, CreatedAt: t0})
		})
		wantKind(t, err, console.KindConflict)
		if !store.IsUniqueViolation(err) {
			t.Errorf("%q after %q: want a unique violation, got %v", p[1], p[0], err)
		}
		got, err := s.UserByEmail(ctx, a.org.ID, p[1])
		if err != nil || got.ID != u.ID || got.Email != p[0] {
			t.Fatalf("UserByEmail(%q) = %+v, %v; want %s shown as %q", p[1], got, err, u.ID, p[0])
		}
		other := p[1]
		err = s.Tx(ctx, func(q *store.Queries) error {
			return q.UpdateUser(ctx, a.org.ID, a.admin.ID, 1, store.UserChanges{Email: &other})
		})
		wantKind(t, err, console.KindConflict)
		addUser(t, s, b.org.ID, p[1], console.StatusInvited, t0) // another organization, another user
	}
	self := " ADMIN@acme.test "
	err := s.Tx(ctx, func(q *store.Queries) error {
		return q.UpdateUser(ctx, a.org.ID, a.admin.ID, 1, store.UserChanges{Email: &self})
	})
	if err != nil {
		t.Fatalf("respelling one's own address: %v", err)
	}
}
