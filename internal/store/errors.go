package store

import (
	"database/sql"
	"errors"

	"console/internal/console"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUniqueViolation is returned (wrapped in a console conflict error) when
// a write breaks a unique constraint, whichever engine reports it.
var ErrUniqueViolation = errors.New("unique violation")

// mapError turns driver errors into domain errors by code, never by message
// text: no rows becomes not found, a unique violation becomes a conflict.
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
	return err
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
