package store

import "context"

// MigrateBefore applies the embedded migrations older than version only,
// leaving the database as a Console of that time did; tests then write rows
// the way that Console would and migrate the rest.
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
		if _, err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}
