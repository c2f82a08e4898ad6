package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
)

// On PostgreSQL, migrationLockID serializes the migrations of Console
// processes that start at once on one database, and fillLockID the key
// fills that follow them, so that one process fills while the others wait
// and then find nothing left, instead of all racing over the same rows.
// They are two locks because fillEmailKeys takes migrationLockID itself,
// per batch, in a transaction on another connection: holding it here as
// well would deadlock.
const (
	migrationLockID = 7_262_010_001
	fillLockID      = 7_262_010_002
)

// Migrate applies every embedded migration not yet applied, in order, each
// in its own transaction, then fills the keys that older Consoles left
// empty. It returns the versions it applied.
//
// Before applying anything it refuses a database this Console must not run
// on: a *SchemaTooNewError when a newer Console migrated it, a
// *ChangedMigrationError when an applied migration's text has changed since.
//
// It is safe to run from several processes at once: on PostgreSQL each
// phase runs under an advisory lock, taken before it touches anything; on
// SQLite every write transaction begins IMMEDIATE and waits its turn (busy
// timeout), and each migration is checked again inside its transaction.
func (s *Store) Migrate(ctx context.Context) ([]int, error) {
	list, err := loadMigrations(string(s.dialect))
	if err != nil {
		return nil, err
	}
	var applied []int
	err = s.withLock(ctx, migrationLockID, func() error {
		applied, err = s.migrate(ctx, list)
		return err
	})
	if err != nil {
		return applied, err
	}
	return applied, s.withLock(ctx, fillLockID, func() error { return s.fillKeys(ctx) })
}

func (s *Store) migrate(ctx context.Context, list []migration) ([]int, error) {
	err := s.Tx(ctx, func(q *Queries) error { return q.prepareMigrations(ctx, list) })
	if err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range list {
		done, err := s.apply(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m, err)
		}
		if done {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}

func (s *Store) fillKeys(ctx context.Context) error {
	if err := s.fillEmailKeys(ctx); err != nil {
		return err
	}
	if err := s.fillGroupNameKeys(ctx); err != nil {
		return err
	}
	return s.fillSearchKeys(ctx)
}

// withLock runs fn while holding the PostgreSQL advisory lock id on a
// connection of its own, so that other processes wait for fn to end. On
// SQLite it only runs fn.
func (s *Store) withLock(ctx context.Context, id int64, fn func() error) error {
	if s.dialect != Postgres {
		return fn()
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer conn.Close()
	// A connection that may still hold the lock must not go back to the
	// pool: every later Migrate would wait for it forever.
	discard := func() { _ = conn.Raw(func(any) error { return driver.ErrBadConn }) }
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, id); err != nil {
		discard()
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, id); err != nil {
			discard()
		}
	}()
	return fn()
}

// prepareMigrations creates schema_migrations, or adds the checksum column
// to one an older Console created, then checks what it records against
// list (see checkApplied) and records the checksums it lacks.
func (q *Queries) prepareMigrations(ctx context.Context, list []migration) error {
	if err := q.createMigrationsTable(ctx); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	recorded, err := q.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	unsummed, err := checkApplied(list, recorded)
	if err != nil {
		return err
	}
	for _, m := range unsummed {
		if _, err := q.db.ExecContext(ctx, `UPDATE schema_migrations SET checksum = $1
			WHERE version = $2 AND COALESCE(checksum, '') = ''`, m.checksum, m.version); err != nil {
			return fmt.Errorf("record checksum of migration %s: %w", m, err)
		}
	}
	return nil
}

func (q *Queries) createMigrationsTable(ctx context.Context) error {
	if _, err := q.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)`); err != nil {
		return err
	}
	if q.dialect == Postgres {
		_, err := q.db.ExecContext(ctx, `ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum TEXT`)
		return err
	}
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'`).Scan(&n)
	if err != nil || n > 0 {
		return err
	}
	_, err = q.db.ExecContext(ctx, `ALTER TABLE schema_migrations ADD COLUMN checksum TEXT`)
	return err
}

// appliedMigrations returns the checksum of each applied migration by
// version; "" when none is recorded yet.
func (q *Queries) appliedMigrations(ctx context.Context) (map[int]string, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT version, COALESCE(checksum, '') FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	recorded := map[int]string{}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		recorded[v] = sum
	}
	return recorded, rows.Err()
}

// apply runs m unless it is already recorded; it reports whether it ran.
func (s *Store) apply(ctx context.Context, m migration) (ran bool, err error) {
	err = s.Tx(ctx, func(q *Queries) error {
		var n int
		if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := q.db.ExecContext(ctx, m.sql); err != nil {
			return alreadyApplied(err)
		}
		ran = true
		_, err := q.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at, checksum)
			VALUES ($1, $2, $3, $4)`, m.version, m.name, time.Now().UTC().Format(timeLayout), m.checksum)
		return err
	})
	return ran, err
}

// PendingMigrations reports how many embedded migrations are not applied;
// /readyz answers not ready while any are. Like Migrate, it fails with a
// *SchemaTooNewError or a *ChangedMigrationError on a database this Console
// must not run on, so /readyz is not ready there either; and it fails when
// schema_migrations cannot be read (a database never migrated).
func (s *Store) PendingMigrations(ctx context.Context) (int, error) {
	list, err := loadMigrations(string(s.dialect))
	if err != nil {
		return 0, err
	}
	recorded, err := s.reads.appliedMigrations(ctx)
	if err != nil {
		return len(list), err
	}
	if _, err := checkApplied(list, recorded); err != nil {
		return 0, err
	}
	pending := 0
	for _, m := range list {
		if _, ok := recorded[m.version]; !ok {
			pending++
		}
	}
	return pending, nil
}

// alreadyApplied explains a migration that fails because what it creates
// exists, or what it drops is gone: its row was deleted from schema_migrations (the newest one; a
// gap before a later row is refused earlier, see MissingMigrationError).
func alreadyApplied(err error) error {
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "already exists") || strings.Contains(msg, "duplicate column") ||
		strings.Contains(msg, "does not exist") || strings.Contains(msg, "no such index") {
		return fmt.Errorf("%w: it looks applied already, yet schema_migrations has no row for it: "+
			"the migration history of this database was edited; restore its row (or the database from a backup)", err)
	}
	return err
}
