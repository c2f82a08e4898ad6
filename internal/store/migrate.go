package store

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"console/internal/store/migrations"
)

// migrationLockID serializes migrations of several Console processes that
// start at once on one PostgreSQL database.
const migrationLockID = 7_262_010_001

type migration struct {
	version int
	name    string
	sql     string
}

// Migrate applies every embedded migration not yet applied, in order, each
// in its own transaction. It is safe to run from several processes at once.
// It returns the versions it applied.
func (s *Store) Migrate(ctx context.Context) ([]int, error) {
	list, err := loadMigrations(string(s.dialect))
	if err != nil {
		return nil, err
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []int
	for _, m := range list {
		done, err := s.apply(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		if done {
			applied = append(applied, m.version)
		}
	}
	if err := s.fillEmailKeys(ctx); err != nil {
		return applied, err
	}
	if err := s.fillGroupNameKeys(ctx); err != nil {
		return applied, err
	}
	return applied, s.fillSearchKeys(ctx)
}

// apply runs m unless it is already recorded; it reports whether it ran.
func (s *Store) apply(ctx context.Context, m migration) (ran bool, err error) {
	err = s.Tx(ctx, func(q *Queries) error {
		if s.dialect == Postgres {
			if _, err := q.db.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLockID)); err != nil {
				return err
			}
		}
		var n int
		if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := q.db.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		ran = true
		_, err := q.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.version, m.name, time.Now().UTC().Format(timeLayout))
		return err
	})
	return ran, err
}

// PendingMigrations reports how many embedded migrations are not applied;
// /readyz answers not ready while any are.
func (s *Store) PendingMigrations(ctx context.Context) (int, error) {
	list, err := loadMigrations(string(s.dialect))
	if err != nil {
		return 0, err
	}
	var applied int
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied)
	if err != nil {
		return len(list), nil
	}
	return len(list) - applied, nil
}

func loadMigrations(dir string) ([]migration, error) {
	entries, err := fs.ReadDir(migrations.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var list []migration
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %q: want NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrations.FS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: version, name: name, sql: string(body)})
	}
	slices.SortFunc(list, func(a, b migration) int { return a.version - b.version })
	return list, nil
}
