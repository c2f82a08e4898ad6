package console

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SearchKey is the form of a name or address that user search compares:
// compatibility-normalized, lower-cased in every script and stripped of
// accents, so that "elodie", "ÉLODIE" and "Élodie" all find Élodie. It is
// computed here rather than by the database, whose LOWER() only folds
// ASCII on SQLite and depends on the server's locale on PostgreSQL.
func SearchKey(s string) string {
	folded, _, err := transform.String(transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		folded = s
	}
	return strings.ToLower(strings.Join(strings.Fields(folded), " "))
}

// UserSearchKey is what a user is found by: name and email address, apart
// by a line break that no search (a single line) can span.
func UserSearchKey(name, email string) string {
	return SearchKey(name) + "\n" + SearchKey(email)
}
