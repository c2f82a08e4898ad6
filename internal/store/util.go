package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode/utf8"

	"console/internal/console"
)

func itoa(i int) string { return strconv.Itoa(i) }

// storable reports whether s is text both engines take: valid UTF-8
// without NUL, which PostgreSQL refuses. A lookup by a value that is not
// can match nothing stored.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// expectOne turns an update that touched no row into console.ErrNotFound.
func expectOne(res sql.Result, err error) error {
	if err != nil {
		return mapError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return mapError(err)
	}
	if n == 0 {
		return console.ErrNotFound
	}
	return nil
}

// queryStrings runs a query of one text column and returns its values, never
// nil.
func (q *Queries) queryStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, mapError(err)
		}
		out = append(out, v)
	}
	return out, mapError(rows.Err())
}
