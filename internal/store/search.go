package store

import (
	"context"
	"fmt"

	"console/internal/console"
)

// fillSearchKeys computes the search key and name sort key (migration
// 0011) of users that have none: every
// user when migration 0004 has just added the column, and users created or
// renamed since by a Console too old to know of it (a trigger empties a key
// that a change of name or email leaves behind). It works in batches, each
// in its own transaction, and ends when none is left.
func (s *Store) fillSearchKeys(ctx context.Context) error {
	for {
		n, err := s.fillSearchKeyBatch(ctx, 500)
		if err != nil {
			return fmt.Errorf("fill user search keys: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

func (s *Store) fillSearchKeyBatch(ctx context.Context, size int) (int, error) {
	type key struct{ orgID, id, name, email string }
	var keys []key
	err := s.Tx(ctx, func(q *Queries) error {
		rows, err := q.db.QueryContext(ctx, `SELECT org_id, id, name, email FROM users WHERE search_key IS NULL
			UNION ALL SELECT org_id, id, name, email FROM users WHERE name_key = '' LIMIT $1`, size)
		if err != nil {
			return mapError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.orgID, &k.id, &k.name, &k.email); err != nil {
				return mapError(err)
			}
			keys = append(keys, k)
		}
		if err := rows.Err(); err != nil {
			return mapError(err)
		}
		rows.Close()
		// Each half of the query above is read from its partial index; a
		// user in both is updated once, the second time finding nothing to do.
		// Only where name and email are still those the key is made of and
		// no other process has filled it: a concurrent change wins.
		for _, k := range keys {
			if _, err := q.db.ExecContext(ctx, `UPDATE users SET search_key = $1, name_key = $6 WHERE org_id = $2 AND id = $3
				AND (search_key IS NULL OR name_key = '') AND name = $4 AND email = $5`,
				console.UserSearchKey(k.name, k.email), k.orgID, k.id, k.name, k.email, console.NameSortKey(k.name, k.email)); err != nil {
				return mapError(err)
			}
		}
		return nil
	})
	return len(keys), err
}

// setSearchKey recomputes a user's search and name sort keys from its stored name and
// email, after a change to either.
func (q *Queries) setSearchKey(ctx context.Context, orgID, id string) error {
	var name, email string
	err := q.db.QueryRowContext(ctx, `SELECT name, email FROM users WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&name, &email)
	if err != nil {
		return mapError(err)
	}
	_, err = q.db.ExecContext(ctx, `UPDATE users SET search_key = $1, name_key = $4 WHERE org_id = $2 AND id = $3`,
		console.UserSearchKey(name, email), orgID, id, console.NameSortKey(name, email))
	return mapError(err)
}
