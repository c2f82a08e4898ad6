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

// encodeTimeCursor is the cursor of list at an item made at t with id,
// for the lists in creation order (emails, tokens).
func encodeTimeCursor(list string, t time.Time, id string) string {
	return EncodeCursor(list, t.UTC().Format(timeLayout), id)
}

// decodeTimeCursor reads a cursor encodeTimeCursor made for list; ok is
// false for anything else, another list's cursor included.
func decodeTimeCursor(list, c string) (time.Time, string, bool) {
	v, ok := DecodeCursor(list, c, 2)
	if !ok || !ValidID(v[1]) {
		return time.Time{}, "", false
	}
	t, err := time.Parse(timeLayout, v[0])
	return t, v[1], err == nil
}

// ValidEmailCursor reports whether c is a cursor of the emails lists
// (the organization's and a user's).
func ValidEmailCursor(c string) bool { _, _, ok := decodeTimeCursor("emails", c); return ok }

// ValidTokenCursor reports whether c is a cursor ListAPITokens made.
func ValidTokenCursor(c string) bool { _, _, ok := decodeTimeCursor("tokens", c); return ok }
