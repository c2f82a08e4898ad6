package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// bulkT0 is a fixed instant with microseconds, the precision kept.
var bulkT0 = time.Date(2025, 6, 2, 8, 15, 30, 123456000, time.UTC)

// bulkOrg is an organization with two groups, made by the store's writes.
type bulkOrg struct {
	id     string
	groups map[string]string // name: id
}

func newBulkOrg(t *testing.T, st *store.Store, slug string) *bulkOrg {
	t.Helper()
	o := &bulkOrg{groups: map[string]string{}}
	err := st.Tx(t.Context(), func(q *store.Queries) error {
		org := &console.Org{Slug: slug, Name: slug, CreatedAt: bulkT0}
		if err := q.CreateOrg(t.Context(), org); err != nil {
			return err
		}
		o.id = org.ID
		for _, name := range []string{"Editors", "Support"} {
			g := &console.Group{OrgID: org.ID, Name: name, CreatedAt: bulkT0}
			if err := q.CreateGroup(t.Context(), g); err != nil {
				return err
			}
			o.groups[name] = g.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// bulkSpec is a user as the tests describe it, written either way.
type bulkSpec struct {
	email, name        string
	status             console.Status
	created            time.Duration // after bulkT0
	groups             []string
	invitation         time.Duration // expiry after creation; 0: none
	activated, lastIn  time.Duration // after creation; 0: never
	deactivated        time.Duration
	failedBeforeSignIn bool
}

var bulkSpecs = []bulkSpec{
	{email: "Élodie.Durand@Example.test", name: "Élodie Durand", status: console.StatusActive, created: time.Minute,
		groups: []string{"Editors", "Support"}, invitation: 7 * 24 * time.Hour, activated: time.Hour, lastIn: 48 * time.Hour, failedBeforeSignIn: true},
	{email: "ivan.petrov@example.test", status: console.StatusInvited, created: 2 * time.Minute, groups: []string{"Editors"},
		invitation: 7 * 24 * time.Hour},
	{email: "wang.wei@bücher.example", name: "王伟", status: console.StatusInactive, created: 3 * time.Minute,
		groups: []string{"Support"}, activated: time.Hour, lastIn: 2 * time.Hour, deactivated: 30 * time.Hour},
	{email: "noa.cohen@example.test", name: "נועה כהן", status: console.StatusActive, created: 4 * time.Minute, activated: time.Minute},
}

func (b bulkSpec) at(d time.Duration) *time.Time {
	if d == 0 {
		return nil
	}
	t := bulkT0.Add(b.created + d)
	return &t
}

// bulkUser is the spec as InsertUsersBulk takes it; tokens carry the
// given prefix, their hashes being unique across organizations.
func (b bulkSpec) bulkUser(o *bulkOrg, prefix string) store.BulkUser {
	created := bulkT0.Add(b.created)
	u := store.BulkUser{User: &console.User{Email: b.email, Name: b.name, Status: b.status, CreatedAt: created,
		ActivatedAt: b.at(b.activated), LastLoginAt: b.at(b.lastIn), DeactivatedAt: b.at(b.deactivated), Version: 1}}
	if b.activated != 0 {
		u.User.PasswordHash = "hash-of-" + b.email
	}
	if b.deactivated != 0 {
		u.User.CredentialsChangedAt, u.User.Version = b.at(b.deactivated), 2
	}
	for _, g := range b.groups {
		u.GroupIDs = append(u.GroupIDs, o.groups[g])
	}
	if b.invitation != 0 {
		u.Tokens = []store.BulkToken{{Purpose: store.PurposeInvitation, Hash: prefix + b.email, CreatedAt: created,
			ExpiresAt: created.Add(b.invitation), UsedAt: b.at(b.activated)}}
	}
	if b.failedBeforeSignIn {
		u.SignIns = append(u.SignIns, &console.SignInAttempt{Result: console.SignInWrongPassword, IP: "192.0.2.7",
			UserAgent: "quotes \" and \\ and \t\n in JSON", CreatedAt: *b.at(b.lastIn - time.Minute)})
	}
	if b.lastIn != 0 {
		u.SignIns = append(u.SignIns, &console.SignInAttempt{Result: console.SignInSuccess, IP: "192.0.2.7",
			UserAgent: "test", CreatedAt: *b.at(b.lastIn)})
	}
	return u
}

// writeOneByOne makes the spec's user the way Console's paths do, one
// write at a time.
func (b bulkSpec) writeOneByOne(ctx context.Context, q *store.Queries, o *bulkOrg, prefix string) error {
	bu := b.bulkUser(o, prefix)
	u := &console.User{OrgID: o.id, Email: b.email, Name: b.name, Status: b.status, PasswordHash: bu.User.PasswordHash,
		CreatedAt: bu.User.CreatedAt, ActivatedAt: bu.User.ActivatedAt}
	if b.status == console.StatusInactive {
		u.Status = console.StatusActive
	}
	if err := q.CreateUser(ctx, u); err != nil {
		return err
	}
	for _, g := range bu.GroupIDs {
		if err := q.AddMember(ctx, o.id, u.ID, g, u.CreatedAt); err != nil {
			return err
		}
	}
	for _, k := range bu.Tokens {
		if err := q.CreateUserToken(ctx, o.id, u.ID, k.Purpose, k.Hash, k.CreatedAt, k.ExpiresAt); err != nil {
			return err
		}
		if k.UsedAt != nil {
			if _, _, err := q.ConsumeUserToken(ctx, k.Purpose, k.Hash, *k.UsedAt); err != nil {
				return err
			}
		}
	}
	for _, a := range bu.SignIns {
		a.OrgID, a.UserID, a.Email = o.id, u.ID, b.email
		if err := q.InsertSignInAttempt(ctx, a); err != nil {
			return err
		}
	}
	if b.lastIn != 0 {
		if err := q.RecordLogin(ctx, o.id, u.ID, *b.at(b.lastIn)); err != nil {
			return err
		}
	}
	if b.deactivated != 0 {
		if err := q.SetUserStatus(ctx, o.id, u.ID, console.StatusActive, console.StatusInactive, b.at(b.deactivated)); err != nil {
			return err
		}
		return q.DeleteUserLinks(ctx, o.id, u.ID, *b.at(b.deactivated))
	}
	return nil
}

// bulkContents are an organization's rows in every table InsertUsersBulk
// writes, with ids replaced by emails and group names, and token hashes
// without their prefix.
func bulkContents(t *testing.T, raw *sql.DB, orgID, prefix string) map[string][]string {
	t.Helper()
	queries := map[string]string{
		"users": `SELECT email, email_key, email_key_of, search_key, name, status, password_hash, created_at, activated_at,
			deactivated_at, last_login_at, version, credentials_changed_at, email_dup FROM users WHERE org_id = $1`,
		"memberships": `SELECT u.email, g.name, m.created_at, m.user_created_at FROM memberships m
			JOIN users u ON u.id = m.user_id JOIN groups g ON g.id = m.group_id WHERE m.org_id = $1`,
		"user_tokens": `SELECT u.email, t.purpose, t.token_hash, t.created_at, t.expires_at, t.used_at FROM user_tokens t
			JOIN users u ON u.id = t.user_id WHERE t.org_id = $1`,
		"sign_in_attempts": `SELECT u.email, a.email, a.result, a.ip, a.user_agent, a.created_at FROM sign_in_attempts a
			JOIN users u ON u.id = a.user_id WHERE a.org_id = $1`,
		"groups": `SELECT name, member_count, version FROM groups WHERE org_id = $1`,
	}
	out := map[string][]string{}
	for table, query := range queries {
		rows, err := raw.Query(query, orgID)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range storetest.Rows(t, rows) {
			out[table] = append(out[table], strings.Replace(strings.Join(row, "|")+"|", prefix, "", 1))
		}
		slices.Sort(out[table])
	}
	return out
}

// TestInsertUsersBulkAsOneByOne writes the same users into two
// organizations, one write at a time as Console's paths do and in bulk,
// and finds the same rows, the same member counts and the same search
// results in both.
func TestInsertUsersBulkAsOneByOne(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			ctx := t.Context()
			one, bulk := newBulkOrg(t, st, "one"), newBulkOrg(t, st, "bulk")
			err := st.Tx(ctx, func(q *store.Queries) error {
				for _, b := range bulkSpecs {
					if err := b.writeOneByOne(ctx, q, one, "one:"); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			before := authzVersion(t, st, bulk.id)
			var users []store.BulkUser
			for _, b := range bulkSpecs {
				users = append(users, b.bulkUser(bulk, "bulk:"))
			}
			if err := st.InsertUsersBulk(ctx, bulk.id, users); err != nil {
				t.Fatal(err)
			}
			if after := authzVersion(t, st, bulk.id); after != before+1 {
				t.Errorf("authorization version %d, then %d: want it bumped once", before, after)
			}
			raw := storetest.Raw(t, dsn)
			want, got := bulkContents(t, raw, one.id, "one:"), bulkContents(t, raw, bulk.id, "bulk:")
			counts := map[string]int{"users": 4, "memberships": 4, "user_tokens": 2, "sign_in_attempts": 3, "groups": 2}
			for table, n := range counts {
				if len(want[table]) != n {
					t.Fatalf("one by one wrote %d rows into %s, want %d", len(want[table]), table, n)
				}
			}
			for table := range want {
				if !slices.Equal(got[table], want[table]) {
					t.Errorf("%s in bulk:\n%s\none by one:\n%s", table, strings.Join(got[table], "\n"), strings.Join(want[table], "\n"))
				}
			}
			for _, u := range users {
				if !store.ValidID(u.User.ID) || u.User.OrgID != bulk.id {
					t.Errorf("user %s: id %q, org %q", u.User.Email, u.User.ID, u.User.OrgID)
				}
			}
			for _, query := range []string{"élodie", "ELODIE", "petrov", "王伟", "נועה", "bücher", "Wang.Wei@BÜCHER.example"} {
				if got, want := bulkSearch(t, st, bulk.id, query), bulkSearch(t, st, one.id, query); !slices.Equal(got, want) || len(got) == 0 {
					t.Errorf("search %q finds %v in bulk, %v one by one", query, got, want)
				}
			}
			wantSearchIndexIntact(t, st, raw)
		})
	}
}

func authzVersion(t *testing.T, st *store.Store, orgID string) int64 {
	t.Helper()
	v, err := st.AuthzVersion(t.Context(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// bulkSearch lists every user a query finds, by email.
func bulkSearch(t *testing.T, st *store.Store, orgID, query string) []string {
	t.Helper()
	var emails []string
	for _, u := range storetest.AllUsers(t, st, orgID, store.UserFilter{Query: query}, 200) {
		emails = append(emails, u.Email)
	}
	slices.Sort(emails)
	return emails
}

// wantSearchIndexIntact checks, on SQLite, that the trigram index holds
// exactly the search keys of the users table.
func wantSearchIndexIntact(t *testing.T, st *store.Store, raw *sql.DB) {
	t.Helper()
	if st.Dialect() != store.SQLite {
		return
	}
	if _, err := raw.Exec(`INSERT INTO users_search (users_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("users_search integrity-check: %v", err)
	}
}

// TestInsertUsersBulkScale writes a few thousand users in two calls, more
// than a SQLite search looks through before asking the trigram index, and
// checks what the triggers keep: member counts, the members' copy of
// their creation time, and the search index.
func TestInsertUsersBulkScale(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			o := newBulkOrg(t, st, "acme")
			names := []string{"Ана Кузнецова", "Γιάννης Οικονόμου", "佐藤 花子", "José García", "محمد منصور"}
			for call := range 2 {
				var users []store.BulkUser
				for i := call * 1500; i < (call+1)*1500; i++ {
					u := store.BulkUser{User: &console.User{Email: fmt.Sprintf("user%d@example.test", i), Name: names[i%len(names)],
						Status: console.StatusActive, CreatedAt: bulkT0.Add(time.Duration(i) * time.Second)}}
					if i%3 == 0 {
						u.GroupIDs = []string{o.groups["Editors"]}
					}
					if i == 2999 {
						u.User.Name = "Дмитрий Рарий"
					}
					users = append(users, u)
				}
				if err := st.InsertUsersBulk(t.Context(), o.id, users); err != nil {
					t.Fatal(err)
				}
			}
			raw := storetest.Raw(t, dsn)
			var wrong int
			if err := raw.QueryRow(`SELECT COUNT(*) FROM groups g WHERE g.org_id = $1
				AND g.member_count <> (SELECT COUNT(*) FROM memberships m WHERE m.org_id = g.org_id AND m.group_id = g.id)`,
				o.id).Scan(&wrong); err != nil || wrong != 0 {
				t.Errorf("%d groups with a wrong member count (%v)", wrong, err)
			}
			if err := raw.QueryRow(`SELECT COUNT(*) FROM memberships m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
				WHERE m.org_id = $1 AND m.user_created_at <> u.created_at`, o.id).Scan(&wrong); err != nil || wrong != 0 {
				t.Errorf("%d memberships with a wrong user_created_at (%v)", wrong, err)
			}
			if got := len(storetest.AllUsers(t, st, o.id, store.UserFilter{GroupID: o.groups["Editors"]}, 200)); got != 1000 {
				t.Errorf("group lists %d members, want 1000", got)
			}
			if got := bulkSearch(t, st, o.id, "рари"); !slices.Equal(got, []string{"user2999@example.test"}) {
				t.Errorf("rare name found %v", got)
			}
			if got := len(bulkSearch(t, st, o.id, "花子")); got != 600 {
				t.Errorf("common name found %d users, want 600", got)
			}
			wantSearchIndexIntact(t, st, raw)
		})
	}
}

// TestInsertUsersBulkAllOrNothing checks that a refused call writes
// nothing at all and says why.
func TestInsertUsersBulkAllOrNothing(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			ctx := t.Context()
			o, other := newBulkOrg(t, st, "acme"), newBulkOrg(t, st, "other")
			if err := st.InsertUsersBulk(ctx, o.id, []store.BulkUser{bulkSpecs[0].bulkUser(o, "first:")}); err != nil {
				t.Fatal(err)
			}
			raw := storetest.Raw(t, dsn)
			before := bulkContents(t, raw, o.id, "")
			version := authzVersion(t, st, o.id)
			fresh := func(email string, groups ...string) store.BulkUser {
				u := bulkSpecs[1].bulkUser(o, "later:"+email)
				u.User.Email, u.GroupIDs = email, groups
				return u
			}
			cases := []struct {
				name  string
				orgID string
				users []store.BulkUser
				kind  console.Kind
				says  string
			}{
				{"address taken, spelled otherwise", o.id, []store.BulkUser{fresh("new@example.test", o.groups["Editors"]),
					fresh("ÉLODIE.DURAND@example.TEST")}, console.KindConflict, "ÉLODIE.DURAND@example.TEST"},
				{"one mailbox twice", o.id, []store.BulkUser{fresh("twice@example.test"), fresh("Twice@Example.test")},
					console.KindConflict, "Twice@Example.test"},
				{"another organization's group", o.id, []store.BulkUser{fresh("new@example.test", other.groups["Editors"])},
					console.KindNotFound, other.groups["Editors"]},
				{"no such group", o.id, []store.BulkUser{fresh("new@example.test", "00000000-0000-7000-8000-000000000000")},
					console.KindNotFound, "00000000-0000-7000-8000-000000000000"},
				{"no status", o.id, []store.BulkUser{{User: &console.User{Email: "new@example.test", CreatedAt: bulkT0}}},
					console.KindInvalid, "status"},
				{"invalid UTF-8", o.id, []store.BulkUser{{User: &console.User{Email: "new@example.test", Name: "\xff",
					Status: console.StatusActive, CreatedAt: bulkT0}}}, console.KindInvalid, "UTF-8"},
				{"no such organization", "00000000-0000-7000-8000-000000000000", []store.BulkUser{fresh("new@example.test")},
					console.KindNotFound, ""},
				{"link taken", o.id, []store.BulkUser{fresh("new@example.test"), func() store.BulkUser {
					u := fresh("other@example.test")
					u.Tokens[0].Hash = "first:" + bulkSpecs[0].email
					return u
				}()}, console.KindConflict, ""},
			}
			for _, c := range cases {
				err := st.InsertUsersBulk(ctx, c.orgID, c.users)
				if console.KindOf(err) != c.kind || !strings.Contains(console.AsError(err).Message, c.says) {
					t.Errorf("%s: got %v, want kind %d saying %q", c.name, err, c.kind, c.says)
				}
			}
			after := bulkContents(t, raw, o.id, "")
			for table := range before {
				if !slices.Equal(after[table], before[table]) {
					t.Errorf("%s changed by refused calls:\n%s", table, strings.Join(after[table], "\n"))
				}
			}
			if v := authzVersion(t, st, o.id); v != version {
				t.Errorf("authorization version moved from %d to %d", version, v)
			}
		})
	}
}
