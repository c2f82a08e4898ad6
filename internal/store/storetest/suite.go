package storetest

import (
	"context"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// Run runs the store contract on engine e: every case opens a fresh database.
func Run(t *testing.T, e Engine) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s *store.Store)
	}{
		{"MigrateTwice", testMigrateTwice},
		{"OrgSlugUnique", testOrgSlugUnique},
		{"EmailUniquePerOrgIgnoringCase", testEmailUnique},
		{"EmailOneMailboxOneUser", testEmailOneMailbox},
		{"TxRollsBack", testTxRollsBack},
		{"TimesRoundTrip", testTimesRoundTrip},
		{"ListUsersPages", testListUsersPages},
		{"ListUsersFilters", testListUsersFilters},
		{"PermissionUnion", testPermissionUnion},
		{"TenantIsolation", testTenantIsolation},
		{"CrossTenantMembershipRefused", testCrossTenantMembership},
		{"TokenSingleUse", testTokenSingleUse},
		{"TokenConcurrentUse", testTokenConcurrentUse},
		{"TokenExpiry", testTokenExpiry},
		{"SessionLifecycle", testSessionLifecycle},
		{"AuditAndSignIns", testAuditAndSignIns},
		{"AuthzVersionBumps", testAuthzVersionBumps},
		{"SearchFoldsCaseAndAccents", testSearchFoldsCaseAndAccents},
		{"IdempotencyKeys", testIdempotencyKeys},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := e.Open(t)
			c.fn(t, s)
		})
	}
}

var ctx = context.Background()

// t0 is a fixed instant with microseconds, the precision the store keeps.
var t0 = time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)

type fixture struct {
	org    *console.Org
	admin  *console.User
	admins *console.GroupRef
	other  *console.Group
}

// seed creates an organization with an active admin in Administrators and
// a second group "Editors" holding content:edit.
func seed(t *testing.T, s *store.Store, slug string) *fixture {
	t.Helper()
	f := &fixture{org: &console.Org{Slug: slug, Name: slug, CreatedAt: t0}}
	err := s.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateOrg(ctx, f.org); err != nil {
			return err
		}
		admins := &console.Group{OrgID: f.org.ID, Name: "Administrators", BuiltIn: console.GroupAdministrators,
			Permissions: console.AllBuiltInPermissionNames(), CreatedAt: t0}
		if err := q.CreateGroup(ctx, admins); err != nil {
			return err
		}
		f.admins = &console.GroupRef{ID: admins.ID, Name: admins.Name}
		f.other = &console.Group{OrgID: f.org.ID, Name: "Editors", Permissions: []string{"content:edit"}, CreatedAt: t0}
		if err := q.CreateGroup(ctx, f.other); err != nil {
			return err
		}
		f.admin = &console.User{OrgID: f.org.ID, Email: "admin@" + slug + ".test", Name: "Admin",
			Status: console.StatusActive, PasswordHash: "h", CreatedAt: t0, ActivatedAt: &t0}
		if err := q.CreateUser(ctx, f.admin); err != nil {
			return err
		}
		return q.AddMember(ctx, f.org.ID, f.admin.ID, admins.ID, t0)
	})
	if err != nil {
		t.Fatalf("seed %s: %v", slug, err)
	}
	return f
}

func addUser(t *testing.T, s *store.Store, orgID, email string, status console.Status, created time.Time) *console.User {
	t.Helper()
	u := &console.User{OrgID: orgID, Email: email, Status: status, CreatedAt: created}
	if err := s.Tx(ctx, func(q *store.Queries) error { return q.CreateUser(ctx, u) }); err != nil {
		t.Fatalf("add user %s: %v", email, err)
	}
	return u
}

func wantKind(t *testing.T, err error, kind console.Kind) {
	t.Helper()
	if console.KindOf(err) != kind {
		t.Fatalf("got error %v (kind %d), want kind %d", err, console.KindOf(err), kind)
	}
}
