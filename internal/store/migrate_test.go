package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/migrations"
	"console/internal/store/storetest"
)

// TestMigrateConcurrently starts six Consoles at once on one empty
// database: all succeed, and every migration is applied once, by one of
// them.
func TestMigrateConcurrently(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.EmptyDSN(t)
			wantEachOnce(t, dsn, migrateAtOnce(t, dsn, 6), 0)
		})
	}
}

// TestMigrateConcurrentlyFillsKeys starts six Consoles at once on a
// database that a Console before 0006 left with more users than one batch
// of key fills takes: all succeed, 0006 is applied once, every user gets
// its keys, and of two addresses of one mailbox one only is marked as the
// duplicate.
func TestMigrateConcurrentlyFillsKeys(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.EmptyDSN(t)
			st := open(t, dsn)
			if err := st.MigrateBefore(ctx, 6); err != nil {
				t.Fatal(err)
			}
			org := &console.Org{Slug: "acme", Name: "Acme", CreatedAt: time.Now()}
			if err := st.Tx(ctx, func(q *store.Queries) error { return q.CreateOrg(ctx, org) }); err != nil {
				t.Fatal(err)
			}
			raw := storetest.Raw(t, dsn)
			emails := []string{"user@bücher.example", "USER@xn--bcher-kva.example"}
			for i := range 1100 {
				emails = append(emails, "User"+strconv.Itoa(i)+"@Example.com")
			}
			insertLegacyBatch(t, raw, org.ID, emails)
			wantEachOnce(t, dsn, migrateAtOnce(t, dsn, 6), 5)
			var unkeyed, dups int
			err := raw.QueryRow(`SELECT
				(SELECT COUNT(*) FROM users WHERE search_key IS NULL OR name_key = '' OR email_key_of IS NULL OR email_key_of <> email),
				(SELECT COUNT(*) FROM users WHERE email_dup <> '')`).Scan(&unkeyed, &dups)
			if err != nil || unkeyed != 0 || dups != 1 {
				t.Fatalf("%d users without keys, %d duplicates (%v); want none and 1", unkeyed, dups, err)
			}
			// Migration 0011 counted the users it found.
			if n, _, err := open(t, dsn).CountUsers(ctx, org.ID, store.UserFilter{Status: console.StatusActive}); err != nil || n != int64(len(emails)) {
				t.Errorf("%d active users counted (%v), want %d", n, err, len(emails))
			}
		})
	}
}

// insertLegacyBatch inserts users as a Console before 0006 did (see
// insertLegacy), in one transaction.
func insertLegacyBatch(t *testing.T, raw *sql.DB, orgID string, emails []string) {
	t.Helper()
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, email := range emails {
		_, err := tx.Exec(`INSERT INTO users (id, org_id, email, email_key, name, status, created_at)
			VALUES ($1, $2, $3, $4, '', 'active', $5)`, uuid.Must(uuid.NewV7()).String(), orgID, email,
			strings.ToLower(email), time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"))
		if err != nil {
			t.Fatalf("insert %s as an older Console: %v", email, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// migrateAtOnce opens n stores on dsn, each with its own pool as separate
// processes have, and has them all migrate at once. It fails the test for
// each that fails, and returns how many applied each version.
func migrateAtOnce(t *testing.T, dsn string, n int) map[int]int {
	t.Helper()
	applied := make([][]int, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer st.Close()
			<-start
			applied[i], errs[i] = st.Migrate(context.Background())
		})
	}
	close(start)
	wg.Wait()
	seen := map[int]int{}
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Console %d: %v", i, errs[i])
		}
		for _, v := range applied[i] {
			seen[v]++
		}
	}
	return seen
}

// wantEachOnce fails unless each version in seen (how many Consoles
// applied it) was applied once, schema_migrations records those and the
// before versions it held already, and nothing is pending.
func wantEachOnce(t *testing.T, dsn string, seen map[int]int, before int) {
	t.Helper()
	for v, n := range seen {
		if n != 1 {
			t.Errorf("migration %d applied by %d Consoles, want 1", v, n)
		}
	}
	var recorded int
	if err := storetest.Raw(t, dsn).QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != before+len(seen) || len(seen) == 0 {
		t.Errorf("schema_migrations records %d versions; %d before, and %v applied now", recorded, before, seen)
	}
	if n, err := open(t, dsn).PendingMigrations(context.Background()); err != nil || n != 0 {
		t.Errorf("pending = %d, %v; want none", n, err)
	}
}

// TestMigrateWaitsForAnotherMigration holds the database as a migrating
// Console would (PostgreSQL: the advisory lock; SQLite: a write
// transaction): a Console starting on the empty database meanwhile touches
// nothing, not even to create schema_migrations, until it is let go; then
// it migrates.
func TestMigrateWaitsForAnotherMigration(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.EmptyDSN(t)
			st := open(t, dsn)
			conn, err := storetest.Raw(t, dsn).Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			hold, release := `BEGIN IMMEDIATE`, `COMMIT`
			if e.Name == "postgres" {
				hold, release = `SELECT pg_advisory_lock(7262010001)`, `SELECT pg_advisory_unlock(7262010001)`
			}
			if _, err := conn.ExecContext(ctx, hold); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := st.Migrate(ctx); done <- err }()
			time.Sleep(300 * time.Millisecond)
			select {
			case err := <-done:
				t.Fatalf("Migrate ended while another held the database: %v", err)
			default:
			}
			var tables int
			if err := conn.QueryRowContext(ctx, tableCount(e.Name)).Scan(&tables); err != nil || tables != 0 {
				t.Fatalf("before the lock was free: %d tables, %v; want none", tables, err)
			}
			if _, err := conn.ExecContext(ctx, release); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

// tableCount counts the tables in the test's database (its own schema on
// PostgreSQL).
func tableCount(engine string) string {
	if engine == "postgres" {
		return `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	return `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`
}

// TestMigrateRefusesNewerSchema stands for a newer Console having migrated
// the database: Migrate refuses it, saying what to do, and so does
// PendingMigrations, which /readyz asks.
func TestMigrateRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			known := newestEmbedded(t, e.Name)
			_, err := storetest.Raw(t, dsn).Exec(`INSERT INTO schema_migrations (version, name, applied_at, checksum)
				VALUES ($1, 'from_the_future', '2030-01-01T00:00:00Z', 'x')`, known+5)
			if err != nil {
				t.Fatal(err)
			}
			want := "database schema is at version " + strconv.Itoa(known+5) + ", newer than this Console knows (" +
				strconv.Itoa(known) + "): it was migrated by a newer Console"
			_, err = st.Migrate(ctx)
			var tooNew *store.SchemaTooNewError
			if !errors.As(err, &tooNew) || tooNew.Version != known+5 || tooNew.Known != known ||
				!strings.HasPrefix(err.Error(), want) {
				t.Fatalf("Migrate: %v\nwant %s...", err, want)
			}
			if _, err := st.PendingMigrations(ctx); !errors.As(err, &tooNew) {
				t.Fatalf("PendingMigrations: %v; want a SchemaTooNewError", err)
			}
		})
	}
}

// TestMigrateRefusesChangedMigration stands for a migration edited after it
// was applied: Migrate and PendingMigrations name it.
func TestMigrateRefusesChangedMigration(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			if _, err := storetest.Raw(t, dsn).Exec(`UPDATE schema_migrations SET checksum = $1 WHERE version = 3`,
				checksumOf("the text as it was applied")); err != nil {
				t.Fatal(err)
			}
			_, err := st.Migrate(ctx)
			var changed *store.ChangedMigrationError
			want := "migration 0003_authz_version was changed after it was applied to this database (checksum differs)"
			if !errors.As(err, &changed) || changed.Version != 3 || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("Migrate: %v\nwant %s...", err, want)
			}
			if _, err := st.PendingMigrations(ctx); !errors.As(err, &changed) {
				t.Fatalf("PendingMigrations: %v; want a ChangedMigrationError", err)
			}
		})
	}
}

// TestMigrateRefusesMissingHistory: a migration row deleted while later
// ones stay is named, not answered with the SQL error of applying it again.
func TestMigrateRefusesMissingHistory(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			if _, err := storetest.Raw(t, dsn).Exec(`DELETE FROM schema_migrations WHERE version = 5`); err != nil {
				t.Fatal(err)
			}
			_, err := st.Migrate(ctx)
			var missing *store.MissingMigrationError
			if !errors.As(err, &missing) || missing.Version != 5 || !strings.Contains(err.Error(), "0005_throttles_versions is not recorded") {
				t.Fatalf("Migrate: %v; want a MissingMigrationError for 0005", err)
			}
			if _, err := st.PendingMigrations(ctx); !errors.As(err, &missing) {
				t.Fatalf("PendingMigrations: %v; want a MissingMigrationError", err)
			}
		})
	}
}

// TestMigrateExplainsLostNewestRow: the newest migration's row deleted, so
// applying it again meets what it created: the error says why.
func TestMigrateExplainsLostNewestRow(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			if _, err := storetest.Raw(t, dsn).Exec(`DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "it looks applied already, yet schema_migrations has no row for it") {
				t.Fatalf("Migrate: %v", err)
			}
		})
	}
}

// TestMigrateRecordsChecksums checks that every applied migration records
// the SHA-256 of its text: on a new database, and on one an older Console
// migrated, whose schema_migrations had no checksum column (the rows it
// wrote get the checksum of today's text when first seen).
func TestMigrateRecordsChecksums(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name+"/new", func(t *testing.T) {
			_, dsn := e.Open(t)
			wantChecksums(t, e.Name, storetest.Raw(t, dsn))
		})
		t.Run(e.Name+"/older", func(t *testing.T) {
			dsn := e.EmptyDSN(t)
			st := open(t, dsn)
			if err := st.MigrateBefore(ctx, 4); err != nil {
				t.Fatal(err)
			}
			applied, err := st.Migrate(ctx)
			if err != nil || len(applied) == 0 || applied[0] != 4 {
				t.Fatalf("Migrate applied %v, %v; want from 4 on", applied, err)
			}
			wantChecksums(t, e.Name, storetest.Raw(t, dsn))
			if n, err := st.PendingMigrations(ctx); err != nil || n != 0 {
				t.Fatalf("pending = %d, %v", n, err)
			}
		})
	}
}

// wantChecksums fails unless schema_migrations records every embedded
// migration of engine with the SHA-256 of its file.
func wantChecksums(t *testing.T, engine string, raw *sql.DB) {
	t.Helper()
	for version, sum := range embedded(t, engine) {
		var got sql.NullString
		if err := raw.QueryRow(`SELECT checksum FROM schema_migrations WHERE version = $1`, version).Scan(&got); err != nil {
			t.Fatalf("migration %d: %v", version, err)
		}
		if got.String != sum {
			t.Errorf("migration %d: checksum %q, want %q", version, got.String, sum)
		}
	}
}

// embedded returns the SHA-256 of each embedded migration file of engine,
// by version.
func embedded(t *testing.T, engine string) map[int]string {
	t.Helper()
	entries, err := fs.ReadDir(migrations.FS, engine)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[int]string{}
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		version, err := strconv.Atoi(num)
		if err != nil {
			t.Fatal(err)
		}
		body, err := fs.ReadFile(migrations.FS, engine+"/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		sums[version] = checksumOf(string(body))
	}
	return sums
}

func newestEmbedded(t *testing.T, engine string) int {
	newest := 0
	for v := range embedded(t, engine) {
		newest = max(newest, v)
	}
	return newest
}

func checksumOf(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func open(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
