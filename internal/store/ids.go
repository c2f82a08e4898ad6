package store

import "github.com/google/uuid"

// newID returns a time-ordered random identifier (UUIDv7): unguessable, and
// index-friendly because new rows sort after old ones.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ValidID reports whether id could be one of ours; callers answer "not
// found" for anything else without asking the database.
func ValidID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil && len(id) == 36
}
