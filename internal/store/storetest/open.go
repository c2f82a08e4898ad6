// Package storetest opens throwaway Console databases on every engine and
// holds the store contract suite that each engine must pass.
//
// PostgreSQL tests run when CONSOLE_TEST_POSTGRES holds a connection URL
// (each test gets its own schema in that database). They are skipped when it
// is unset, unless CONSOLE_TEST_REQUIRE lists "postgres", as CI does: then a
// missing database fails the test instead.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"console/internal/store"
)

// Engine opens a fresh, migrated store for one test and returns its DSN.
type Engine struct {
	Name string
	Open func(t testing.TB) (*store.Store, string)
}

// Engines returns SQLite and PostgreSQL, the engines every contract runs on.
func Engines() []Engine {
	return []Engine{{"sqlite", OpenSQLite}, {"postgres", OpenPostgres}}
}

// Required reports whether CONSOLE_TEST_REQUIRE lists what, so that a test
// needing it fails rather than skips.
func Required(what string) bool {
	for _, w := range strings.Split(os.Getenv("CONSOLE_TEST_REQUIRE"), ",") {
		if strings.TrimSpace(w) == what {
			return true
		}
	}
	return false
}

// OpenSQLite returns a migrated store on a new SQLite file.
func OpenSQLite(t testing.TB) (*store.Store, string) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "console.db")
	return openMigrated(t, dsn), dsn
}

// PostgresDSN creates a schema for this test in CONSOLE_TEST_POSTGRES's
// database, dropped at cleanup, and returns a DSN that uses it.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CONSOLE_TEST_POSTGRES")
	if base == "" {
		if Required("postgres") {
			t.Fatal("CONSOLE_TEST_REQUIRE lists postgres but CONSOLE_TEST_POSTGRES is not set")
		}
		t.Skip("CONSOLE_TEST_POSTGRES not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "test_" + randomHex(8)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema in CONSOLE_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres returns a migrated store on a schema of its own.
func OpenPostgres(t testing.TB) (*store.Store, string) {
	t.Helper()
	dsn := PostgresDSN(t)
	return openMigrated(t, dsn), dsn
}

func openMigrated(t testing.TB, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// EmptyDSN returns the DSN of an empty, unmigrated database on e: a SQLite
// file path not yet created, or a PostgreSQL schema of the test's own (see
// PostgresDSN). Tests of migration itself start from it.
func (e Engine) EmptyDSN(t testing.TB) string {
	t.Helper()
	if e.Name == "postgres" {
		return PostgresDSN(t)
	}
	return filepath.Join(t.TempDir(), "console.db")
}

// Raw opens dsn with the bare driver, outside the store, so that a test can
// set the database up as another program (an older or newer Console) would.
// On SQLite it waits for a running Console's writes (busy timeout) rather
// than failing. It is closed at cleanup.
func Raw(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		driver = "pgx"
	} else {
		dsn = "file:" + (&url.URL{Path: dsn}).EscapedPath() + "?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
