package store

import (
	"context"
	"fmt"
	"log/slog"

	"console/internal/console"
)

// fillGroupNameKeys brings every group's name_key to console.NameKey of
// its name: older versions kept the name lower-cased, which told
// "Ａdministrators" (full-width) and "Administrators" apart. Groups are
// few, so all are read at once. Two groups whose names turn out to be one
// keep their old keys, and the log names them for an administrator to
// rename one.
func (s *Store) fillGroupNameKeys(ctx context.Context) error {
	type group struct{ orgID, id, name, key string }
	var stale []group
	rows, err := s.write.QueryContext(ctx, `SELECT org_id, id, name, name_key FROM groups`)
	if err != nil {
		return fmt.Errorf("fill group name keys: %w", err)
	}
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.orgID, &g.id, &g.name, &g.key); err != nil {
			rows.Close()
			return fmt.Errorf("fill group name keys: %w", err)
		}
		if console.NameKey(g.name) != g.key {
			stale = append(stale, g)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("fill group name keys: %w", err)
	}
	for _, g := range stale {
		err := s.Tx(ctx, func(q *Queries) error {
			_, err := q.db.ExecContext(ctx, `UPDATE groups SET name_key = $1 WHERE org_id = $2 AND id = $3 AND name = $4`,
				console.NameKey(g.name), g.orgID, g.id, g.name)
			return mapError(err)
		})
		if console.KindOf(err) == console.KindConflict {
			slog.Warn("two groups have one name once case, width and invisible characters are ignored; rename one",
				"org", g.orgID, "group", g.id, "name", g.name)
		} else if err != nil {
			return fmt.Errorf("fill group name keys: %w", err)
		}
	}
	return nil
}
