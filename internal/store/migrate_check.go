package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"console/internal/store/migrations"
)

// SchemaTooNewError means the database records migration Version, newer
// than Known, the newest this Console embeds: a newer Console migrated it.
// Migrate refuses to run on it and PendingMigrations reports it, since this
// Console cannot know what the newer schema expects of it.
type SchemaTooNewError struct{ Version, Known int }

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("database schema is at version %d, newer than this Console knows (%d): "+
		"it was migrated by a newer Console; run that version, or restore a backup taken before the upgrade",
		e.Version, e.Known)
}

// ChangedMigrationError means the embedded text of migration Version_Name
// differs from the text that was applied to the database (their SHA-256
// checksums differ): someone edited a migration after it shipped. Migrate
// refuses to run and PendingMigrations reports it until the two agree.
type ChangedMigrationError struct {
	Version int
	Name    string
}

func (e *ChangedMigrationError) Error() string {
	return fmt.Sprintf("migration %04d_%s was changed after it was applied to this database (checksum differs): "+
		"restore the text it was applied with, and make the change in a new migration", e.Version, e.Name)
}

// MissingMigrationError means migration Version_Name is not recorded
// though a later one is: the history in schema_migrations was edited (a
// row deleted) or the database restored in part. Applying it again would
// fail on what it already created, so Migrate refuses.
type MissingMigrationError struct {
	Version int
	Name    string
	Later   int
}

func (e *MissingMigrationError) Error() string {
	return fmt.Sprintf("migration %04d_%s is not recorded in schema_migrations, yet the later migration %04d is: "+
		"the migration history of this database was edited; restore its row (or the database from a backup)",
		e.Version, e.Name, e.Later)
}

// checkApplied compares recorded (checksums of the applied migrations by
// version, "" where none is recorded) with list, the embedded migrations
// in order. It fails with a *SchemaTooNewError, *MissingMigrationError or
// *ChangedMigrationError,
// and returns the applied migrations whose checksum is still to record.
func checkApplied(list []migration, recorded map[int]string) (unsummed []migration, err error) {
	known := list[len(list)-1].version
	if newest := maxVersion(recorded); newest > known {
		return nil, &SchemaTooNewError{Version: newest, Known: known}
	}
	for _, m := range list {
		sum, ok := recorded[m.version]
		switch {
		case !ok && m.version < maxVersion(recorded):
			return nil, &MissingMigrationError{Version: m.version, Name: m.name, Later: maxVersion(recorded)}
		case !ok:
		case sum == "":
			unsummed = append(unsummed, m)
		case sum != m.checksum:
			return nil, &ChangedMigrationError{Version: m.version, Name: m.name}
		}
	}
	return unsummed, nil
}

func maxVersion(recorded map[int]string) int {
	newest := 0
	for v := range recorded {
		newest = max(newest, v)
	}
	return newest
}

// migration is one embedded migration file, NNNN_name.sql.
type migration struct {
	version  int
	name     string
	sql      string
	checksum string // hex SHA-256 of sql
}

func (m migration) String() string { return fmt.Sprintf("%04d_%s", m.version, m.name) }

// loadMigrations returns the embedded migrations of a dialect, in order;
// it fails when there are none or two share a version.
func loadMigrations(dir string) ([]migration, error) {
	entries, err := fs.ReadDir(migrations.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var list []migration
	for _, e := range entries {
		m, err := loadMigration(dir, e.Name())
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	slices.SortFunc(list, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(list); i++ {
		if list[i].version == list[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have one version: renumber one", list[i-1], list[i])
		}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("no migrations embedded for %s", dir)
	}
	return list, nil
}

func loadMigration(dir, file string) (migration, error) {
	num, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
	version, err := strconv.Atoi(num)
	if !ok || err != nil || version <= 0 {
		return migration{}, fmt.Errorf("migration file %q: want NNNN_name.sql", file)
	}
	body, err := fs.ReadFile(migrations.FS, path.Join(dir, file))
	if err != nil {
		return migration{}, err
	}
	return migration{version: version, name: name, sql: string(body), checksum: checksum(body)}, nil
}

// checksum is the hex SHA-256 of a migration's text, with CRLF line ends
// read as LF: a checkout that converts line ends (git's autocrlf on
// Windows) builds a Console whose migrations are not "changed".
func checksum(body []byte) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(string(body), "\r\n", "\n")))
	return hex.EncodeToString(sum[:])
}
