package store

import (
	"database/sql"
	"strconv"

	"console/internal/console"
)

func itoa(i int) string { return strconv.Itoa(i) }

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
