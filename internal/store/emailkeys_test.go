package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// legacyUser is a row as a Console before migration 0006 wrote it: its
// email key only trimmed and lower-cased.
type legacyUser struct {
	id, email string
}

// TestEmailKeysMigrated: a database whose keys a Console before 0006 made
// gets canonical keys (console.EmailKey) when migrated, addresses shown as
// they were typed; rows an older Console writes after the migration are
// re-keyed at the next start.
func TestEmailKeysMigrated(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, raw, orgID := legacyDatabase(t, e)
			users := insertLegacy(t, raw, orgID, "user@bücher.example", "jose\u0301@example.test", "Jane@Example.COM", "ｊｏｈｎ@example.test")
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			wantCanonical(t, raw, users)
			others := map[string]string{users[0].id: "USER@XN--BCHER-KVA.EXAMPLE", users[1].id: "JOSÉ@example.test",
				users[2].id: "jane@example.com.", users[3].id: "John@Example.Test"}
			for id, spelling := range others {
				u, err := st.UserByEmail(ctx, orgID, spelling)
				if err != nil || u.ID != id {
					t.Errorf("UserByEmail(%q) = %v, %v; want %s", spelling, u, err, id)
				}
			}

			// An older Console still running beside this one writes old keys.
			late := insertLegacy(t, raw, orgID, "late@Bücher.example")
			if _, err := raw.Exec(`UPDATE users SET email = 'josé@bücher.example', email_key = 'josé@bücher.example' WHERE id = $1`, users[1].id); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			wantCanonical(t, raw, append(late, legacyUser{users[1].id, "josé@bücher.example"}))
		})
	}
}

// TestEmailKeyDuplicatesKept: two users that the old key told apart and the
// canonical key makes one mailbox both stay, each signing in with its own
// spelling; a warning names both; and no new user can take the mailbox,
// not even once the first of them is gone.
func TestEmailKeyDuplicatesKept(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, raw, orgID := legacyDatabase(t, e)
			users := insertLegacy(t, raw, orgID, "dup@bücher.example", "DUP@xn--bcher-kva.example", "jose\u0301@example.test", "josé@example.test")
			logs := captureLog(t)
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for _, pair := range [][2]legacyUser{{users[0], users[1]}, {users[2], users[3]}} {
				if !strings.Contains(logs.String(), "user="+pair[0].id+" duplicate="+pair[1].id) {
					t.Errorf("no warning naming %s and %s in the log:\n%s", pair[0].id, pair[1].id, logs)
				}
			}
			wantCanonical(t, raw, users)
			for typed, id := range map[string]string{"dup@bücher.example": users[0].id, "DUP@xn--bcher-kva.example": users[1].id,
				"Dup@XN--BCHER-KVA.example": users[1].id, "DUP@BÜCHER.EXAMPLE": users[0].id, "jose\u0301@example.test": users[2].id,
				"josé@example.test": users[3].id, "JOSÉ@example.test": users[3].id, "JOSE\u0301@EXAMPLE.TEST": users[2].id,
				"ＪＯＳÉ@example.test": users[2].id} {
				u, err := st.UserByEmail(ctx, orgID, typed)
				if err != nil || u.ID != id {
					t.Errorf("UserByEmail(%q) = %v, %v; want %s", typed, u, err, id)
				}
			}
			logs.Reset()
			if _, err := st.Migrate(ctx); err != nil || logs.Len() > 0 {
				t.Errorf("migrating again: %v, log %q", err, logs)
			}

			create := func(email string) error {
				return st.Tx(ctx, func(q *store.Queries) error {
					return q.CreateUser(ctx, &console.User{OrgID: orgID, Email: email, Status: console.StatusInvited, CreatedAt: time.Now()})
				})
			}
			if err := create("Dup@Bücher.example"); console.KindOf(err) != console.KindConflict {
				t.Fatalf("a third spelling: %v, want a conflict", err)
			}
			if _, err := raw.Exec(`DELETE FROM users WHERE id = $1`, users[0].id); err != nil {
				t.Fatal(err)
			}
			if err := create("dup@bücher.example"); console.KindOf(err) != console.KindConflict {
				t.Fatalf("the first one's spelling once it is gone: %v, want a conflict", err)
			}
			renamed := "Dup@elsewhere.example"
			err := st.Tx(ctx, func(q *store.Queries) error {
				return q.UpdateUser(ctx, orgID, users[1].id, 1, store.UserChanges{Email: &renamed})
			})
			if err != nil {
				t.Fatalf("moving the duplicate to another address: %v", err)
			}
			if err := create("dup@bücher.example"); err != nil {
				t.Fatalf("the mailbox once nobody holds it: %v", err)
			}
		})
	}
}

// legacyDatabase returns a store on a database migrated as a Console
// before 0006 left it, the same database opened without Console, and an
// organization in it.
func legacyDatabase(t *testing.T, e storetest.Engine) (*store.Store, *sql.DB, string) {
	t.Helper()
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "console.db")
	if e.Name == "postgres" {
		dsn = storetest.PostgresDSN(t)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateBefore(ctx, 6); err != nil {
		t.Fatal(err)
	}
	org := &console.Org{Slug: "acme", Name: "Acme", CreatedAt: time.Now()}
	if err := st.Tx(ctx, func(q *store.Queries) error { return q.CreateOrg(ctx, org) }); err != nil {
		t.Fatal(err)
	}
	return st, openRaw(t, dsn), org.ID
}

// insertLegacy inserts users as a Console before 0006 did, in order, and
// returns them.
func insertLegacy(t *testing.T, raw *sql.DB, orgID string, emails ...string) []legacyUser {
	t.Helper()
	var users []legacyUser
	for _, email := range emails {
		u := legacyUser{uuid.Must(uuid.NewV7()).String(), email} // ids made one after another sort in that order
		_, err := raw.Exec(`INSERT INTO users (id, org_id, email, email_key, name, status, created_at)
			VALUES ($1, $2, $3, $4, '', 'active', $5)`, u.id, orgID, email, strings.ToLower(strings.TrimSpace(email)),
			time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"))
		if err != nil {
			t.Fatalf("insert %s as an older Console: %v", email, err)
		}
		users = append(users, u)
	}
	return users
}

// wantCanonical fails unless each user still has its email as typed and
// its canonical key.
func wantCanonical(t *testing.T, raw *sql.DB, users []legacyUser) {
	t.Helper()
	for _, u := range users {
		var email, key string
		if err := raw.QueryRow(`SELECT email, email_key FROM users WHERE id = $1`, u.id).Scan(&email, &key); err != nil {
			t.Fatal(err)
		}
		if email != u.email || key != console.EmailKey(u.email) {
			t.Errorf("user %s: email %q key %q; want %q and key %q", u.id, email, key, u.email, console.EmailKey(u.email))
		}
	}
}

// captureLog sends slog.Default to a buffer until the test ends.
func captureLog(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}
