package store

import (
	"context"
	"strings"
	"time"
)

// MigrateBefore applies the embedded migrations older than version only,
// the way a Console of that time did (schema_migrations without checksums),
// leaving the database as it left it; tests then write rows the way that
// Console would and migrate the rest.
func (s *Store) MigrateBefore(ctx context.Context, version int) error {
	list, err := loadMigrations(string(s.dialect))
	if err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, m := range list {
		if m.version >= version {
			break
		}
		err := s.Tx(ctx, func(q *Queries) error {
			if _, err := q.db.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := q.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, time.Now().UTC().Format(timeLayout))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ListUsersSQL is the query ListUsers runs for f, with a SQLite search
// made as mode asks: "window", "trigrams" or "" (a walk).
func ListUsersSQL(d Dialect, orgID string, f UserFilter, mode string) (string, []any) {
	return userList{orgID: orgID, f: f, search: searchOf(f.Query), back: f.Before != "",
		window: mode == "window", trigrams: mode == "trigrams"}.sql(d)
}

// SetSearchWindow makes SQLite searches look through n newest users, then
// count up to probe trigram matches, so that small tests take every path.
func SetSearchWindow(n, probe int) (restore func()) {
	oldN, oldProbe := searchWindow, trigramProbe
	searchWindow, trigramProbe = n, probe
	return func() { searchWindow, trigramProbe = oldN, oldProbe }
}

// SetWALRestart makes stores opened afterwards check the SQLite write-ahead
// log every so often and restart it past frames pages; every 0 turns the
// checkpointer off.
func SetWALRestart(every time.Duration, frames int) (restore func()) {
	oldEvery, oldFrames := walCheckEvery, walRestartFrames
	walCheckEvery, walRestartFrames = every, frames
	return func() { walCheckEvery, walRestartFrames = oldEvery, oldFrames }
}

// UserGrantsSQL is the query of UserGrants.
const UserGrantsSQL = userGrantsSQL

// UserGroupsSQL is the query fillUserGroups makes for n users.
func UserGroupsSQL(n int) string {
	var in strings.Builder
	for i := range n {
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("$" + itoa(i+2))
	}
	return userGroupsSQL(in.String())
}
