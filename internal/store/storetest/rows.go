package storetest

import (
	"database/sql"
	"fmt"
	"testing"

	"console/internal/console"
	"console/internal/store"
)

// AllUsers pages through every user of the organization that f keeps,
// pageSize at a time, and returns them in the list's order.
func AllUsers(t testing.TB, st *store.Store, orgID string, f store.UserFilter, pageSize int) []*console.User {
	t.Helper()
	all := []*console.User{}
	f.Limit = pageSize
	for {
		page, err := st.ListUsers(t.Context(), orgID, f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Users...)
		if page.NextCursor == "" {
			return all
		}
		f.Cursor = page.NextCursor
	}
}

// Rows reads every row of rows, whatever its columns, each value printed
// with %v (bytes as text), and closes rows.
func Rows(t testing.TB, rows *sql.Rows) [][]string {
	t.Helper()
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = fmt.Sprintf("%v", v)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
