// Package store keeps Console's state in SQLite (the embedded default) or
// PostgreSQL. Every query on tenant data is filtered by organization; callers
// in the service layer authorize first, and the store scopes again.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL engine behind a Store.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is Console's database. Reads go through the embedded Reads on a
// shared pool; changes go through Tx, whose *Queries alone has the writes:
// a write outside a transaction does not compile.
type Store struct {
	Reads
	reads   *Queries
	dialect Dialect
	read    *sql.DB
	write   *sql.DB
	cache   *stmtCache  // SQLite's reads only
	wcache  *writeStmts // SQLite's writes only
	clock   func() time.Time
	writers writerQueue        // SQLite's turn to write; nil on PostgreSQL
	stop    context.CancelFunc // ends the SQLite checkpointer
}

// Open connects to dsn: a postgres:// (or postgresql://) URL selects
// PostgreSQL, anything else is a SQLite file path. It does not migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{dialect: Postgres, read: db, write: db}
	return s.ping(ctx)
}

// openSQLite opens two pools on one file: a single writer whose transactions
// begin IMMEDIATE (so read-then-write transactions queue instead of failing
// with "database is locked"), and several readers that WAL lets run beside it.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("open sqlite: empty database path")
	}
	// busy_timeout first: switching to WAL waits for another process
	// opening the same file at the same moment rather than fail.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
		"&_pragma=journal_size_limit(" + itoa(walSizeLimitBytes) + ")"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	read, err := sql.Open("sqlite", base)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8) // keep them: a new connection re-reads the schema and re-prepares
	s := &Store{dialect: SQLite, read: read, write: write, writers: newWriterQueue()}
	// The first connection creates the file and switches it to WAL; do it on
	// the writer before readers race to.
	if err := pingSQLite(ctx, write); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return s.ping(ctx)
}

// pingSQLite opens the first connection. Switching a new file to WAL takes
// a lock for which SQLite does not always wait (busy_timeout), so when
// several processes open one new file at once, some are told it is
// locked: they try again for a few seconds.
func pingSQLite(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := db.PingContext(ctx)
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (s *Store) ping(ctx context.Context) (*Store, error) {
	if err := s.read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s: %w", s.dialect, err)
	}
	s.reads = &Queries{db: s.read, dialect: s.dialect, clock: s.clock}
	s.Reads = s.reads
	if s.dialect == SQLite {
		s.cache = newStmtCache(s.read)
		s.reads.db = s.cache
		s.wcache = newWriteStmts(s.write)
		if walCheckEvery > 0 {
			var bg context.Context
			bg, s.stop = context.WithCancel(context.Background())
			go s.checkpointWAL(bg)
		}
	}
	return s, nil
}

// Pools returns the store's connection pools, for their statistics: on
// SQLite a reading pool and the single writer, on PostgreSQL one pool
// (both results are the same).
func (s *Store) Pools() (read, write *sql.DB) { return s.read, s.write }

// Dialect reports which engine the store runs on.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error {
	return s.read.PingContext(ctx)
}

// Close releases the store's connections.
func (s *Store) Close() error {
	if s.stop != nil {
		s.stop()
	}
	if s.cache != nil {
		s.cache.close()
		s.wcache.close()
	}
	err := s.read.Close()
	if s.write != s.read {
		if werr := s.write.Close(); err == nil {
			err = werr
		}
	}
	return err
}

// Tx runs fn in one transaction, committed when fn returns nil and rolled
// back otherwise, so a failed change leaves nothing behind.
func (s *Store) Tx(ctx context.Context, fn func(q *Queries) error) (err error) {
	if err := s.writers.acquire(ctx); err != nil {
		return mapError(fmt.Errorf("begin: %w", err))
	}
	defer s.writers.release()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return mapError(fmt.Errorf("begin: %w", err))
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
		if s.wcache != nil {
			s.wcache.prepare(context.WithoutCancel(ctx))
		}
	}()
	var db querier = tx
	if s.wcache != nil {
		db = cachedTx{tx: tx, stmts: s.wcache}
	}
	if err = fn(&Queries{db: db, dialect: s.dialect, clock: s.clock}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return mapError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queries holds every statement Console runs, on a pool or in a transaction.
// Placeholders are $1, $2...: both engines read them.
type Queries struct {
	db      querier
	dialect Dialect
	clock   func() time.Time // nil: the database's clock (see nowPlus)
}
