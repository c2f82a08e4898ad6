package store

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// EncodeCursor makes the opaque cursor of a position in the list named
// list (groups, permissions, sessions...): the values of the item there,
// in the list's order, the last one its unique tie-breaker. A cursor
// names no organization: every query that reads one is scoped to the
// caller's, so a cursor carried to another organization only positions
// its own list.
func EncodeCursor(list string, values ...string) string {
	raw, _ := json.Marshal(append([]string{list}, values...))
	return base64.RawURLEncoding.EncodeToString(raw)
}

// DecodeCursor reads a cursor EncodeCursor made for list with n values;
// ok is false for anything else (another list's cursor included).
func DecodeCursor(list, c string, n int) (values []string, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if c == "" || err != nil {
		return nil, false
	}
	var all []string
	if json.Unmarshal(raw, &all) != nil || len(all) != n+1 || all[0] != list {
		return nil, false
	}
	return all[1:], true
}

// ValidGroupCursor reports whether c is a cursor ListGroupsPage made.
func ValidGroupCursor(c string) bool {
	v, ok := DecodeCursor("groups", c, 2)
	return ok && ValidID(v[1])
}

// ValidSessionCursor reports whether c is a cursor ListUserSessionsPage
// made.
func ValidSessionCursor(c string) bool {
	if _, ok := DecodeCursor("sessions", c, 0); ok {
		return true
	}
	v, ok := DecodeCursor("sessions", c, 2)
	if !ok {
		return false
	}
	_, err := time.Parse(timeLayout, v[0])
	return err == nil && ValidID(v[1])
}
