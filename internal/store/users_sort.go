package store

import (
	"encoding/base64"
	"strings"
	"time"

	"console/internal/console"
)

// UserSort is an order of the users list. Each is read from an index at a
// million users (migrations 0008 and 0011, TestListQueryPlans), alone and
// with a status filter; ties are broken by id.
type UserSort string

// The orders of the users list. SortCreated, the invitation date, is the
// default. SortStatus orders by status (active, inactive, invited: the
// order of their names), then by creation. SortLastLogin puts those who
// never signed in before every time: last when most recent first.
const (
	SortCreated   UserSort = "created_at"
	SortName      UserSort = "name"
	SortStatus    UserSort = "status"
	SortLastLogin UserSort = "last_login_at"
)

// Valid reports whether s is one of the orders ("" is SortCreated).
func (s UserSort) Valid() bool {
	switch s {
	case "", SortCreated, SortName, SortStatus, SortLastLogin:
		return true
	}
	return false
}

// orDefault returns s, or SortCreated when s is empty.
func (s UserSort) orDefault() UserSort {
	if s == "" {
		return SortCreated
	}
	return s
}

// IndexedWith reports whether an index gives users in order s with the
// filter's group and search: a group's members come by creation or status
// (its memberships' index), a search's matches in creation order only.
// Any other combination is listed correctly but sorted, which costs the
// size of the group or of the matches.
func (s UserSort) IndexedWith(f UserFilter) bool {
	s = s.orDefault()
	switch {
	case strings.TrimSpace(f.Query) != "":
		return s == SortCreated
	case f.GroupID != "":
		return s == SortCreated || s == SortStatus
	}
	return true
}

// sortKeys returns the expressions users are ordered by for s, the last
// one the id that breaks ties; in a group, the memberships' copies where
// they serve (members says the memberships m are joined).
func sortKeys(d Dialect, s UserSort, members bool) []string {
	switch s.orDefault() {
	case SortName:
		return []string{"u.name_key", "u.id"}
	case SortLastLogin:
		return []string{neverKey(d), "u.id"}
	case SortStatus:
		if members {
			return []string{"m.user_status", "m.user_created_at", "m.user_id"}
		}
		return []string{"u.status", "u.created_at", "u.id"}
	}
	if members {
		return []string{"m.user_created_at", "m.user_id"}
	}
	return []string{"u.created_at", "u.id"}
}

// neverKey is the last sign-in as indexed (migration 0011): a user who
// never signed in comes before every time. On SQLite it is a generated
// column, which a row value can be compared with through the index.
func neverKey(d Dialect) string {
	if d == Postgres {
		return "COALESCE(u.last_login_at, '-infinity'::timestamptz)"
	}
	return "u.login_key"
}

// sortValues returns u's values of the keys of s but the id, as the
// cursor keeps them; nameKey is u's stored name key.
func sortValues(s UserSort, u *console.User, nameKey string) []string {
	created := u.CreatedAt.UTC().Format(timeLayout)
	switch s.orDefault() {
	case SortName:
		return []string{nameKey}
	case SortLastLogin:
		if u.LastLoginAt == nil {
			return []string{""}
		}
		return []string{u.LastLoginAt.UTC().Format(timeLayout)}
	case SortStatus:
		return []string{string(u.Status), created}
	}
	return []string{created}
}

// encodeUserCursor makes the cursor of a position in order s: the values
// of the user there. A cursor of the default order is that of
// encodeCursor, so that cursors given before sorting existed still work.
func encodeUserCursor(s UserSort, values []string, id string) string {
	if s.orDefault() == SortCreated {
		return base64.RawURLEncoding.EncodeToString([]byte(values[0] + "|" + id))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(string(s) + "|" + id + "|" + strings.Join(values, "|")))
}

// decodeUserCursor reads a cursor of order s; one of another order, or
// anything else, is not ok.
func decodeUserCursor(s UserSort, c string) (values []string, id string, ok bool) {
	s = s.orDefault()
	if s == SortCreated {
		t, id, ok := decodeCursor(c)
		return []string{t.UTC().Format(timeLayout)}, id, ok
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	n := len(sortValues(s, &console.User{}, ""))
	parts := strings.SplitN(string(raw), "|", n+2)
	if c == "" || err != nil || len(parts) != n+2 || parts[0] != string(s) || !ValidID(parts[1]) {
		return nil, "", false
	}
	values = parts[2:]
	for i, v := range values {
		timed := (s == SortStatus && i == 1) || (s == SortLastLogin && v != "")
		if _, err := time.Parse(timeLayout, v); timed && err != nil {
			return nil, "", false
		}
	}
	return values, parts[1], true
}

// ValidUserCursor reports whether c is a cursor ListUsers made for order s.
func ValidUserCursor(s UserSort, c string) bool {
	_, _, ok := decodeUserCursor(s, c)
	return ok
}

// keyset is the condition that keys come after values (op ">") or before
// them ("<"), in the order of the keys: a row value, which both engines
// read as one range of the index. Spelled out as "k1 <= v1 AND (k1 < v1 OR
// ...)", only the first key bounds the range, and a first key many users
// share (a status, "never signed in") made a page read them all.
func keyset(keys, values []string, op string) string {
	return "(" + strings.Join(keys, ", ") + ") " + op + " (" + strings.Join(values, ", ") + ")"
}
