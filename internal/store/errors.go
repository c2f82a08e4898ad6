package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"console/internal/console"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUniqueViolation is returned (wrapped in a console conflict error) when
// a write breaks a unique constraint, whichever engine reports it.
var ErrUniqueViolation = errors.New("unique violation")

// mapError turns driver errors into domain errors by code, never by message
// text: no rows becomes not found, a unique violation a conflict, and a
// database that cannot be reached or is overloaded console.KindUnavailable
// (503 with Retry-After), so that clients retry instead of reporting a bug.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return console.ErrNotFound
	}
	if isUniqueViolation(err) {
		return &console.Error{Kind: console.KindConflict, Message: "This already exists.", Err: errors.Join(ErrUniqueViolation, err)}
	}
	if console.AsError(err) != nil {
		return err
	}
	if isContention(err) {
		return &console.Error{Kind: console.KindUnavailable, Message: "Another change to the same data got in the way. Try again.",
			Err: err, RetryAfter: time.Second}
	}
	if isUnavailable(err) {
		return console.Unavailable(err)
	}
	if isBadText(err) {
		return console.Malformed("body", "The request holds text that is not valid UTF-8.")
	}
	return err
}

// isContention reports a PostgreSQL serialization failure or deadlock:
// the transaction lost to a concurrent one and a retry resolves it.
func isContention(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// isBadText reports text PostgreSQL refuses to store (invalid UTF-8), a
// fault of the request that validation did not catch.
func isBadText(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "22021" || pgErr.Code == "22P05")
}

// isUnavailable reports whether err says the database cannot answer now:
// no connection, a connection lost, no answer before the request's
// deadline, a server shutting down or out of connections, a busy or
// locked SQLite file, a full or failing disk.
func isUnavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &connectErr) || errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || pgconn.SafeToRetry(err) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exception; 53: insufficient resources;
		// 57P01-57P03: the server is shutting down or starting.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "53") ||
			pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN:
			return true
		}
	}
	return false
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		code := liteErr.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsUniqueViolation reports whether err came from a unique constraint.
func IsUniqueViolation(err error) bool {
	return errors.Is(err, ErrUniqueViolation) || isUniqueViolation(err)
}
