package console

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SearchKey is the form of a name or address that user search compares:
// case-folded in every script (Straße is strasse, a final ς is σ),
// compatibility-normalized and stripped of accents, so that "elodie",
// "ÉLODIE" and "Élodie" all find Élodie. It is computed here rather than by
// the database, whose LOWER() only folds ASCII on SQLite and depends on the
// server's locale on PostgreSQL.
func SearchKey(s string) string {
	folded := cases.Fold().String(s)
	stripped, _, err := transform.String(transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), folded)
	if err != nil {
		stripped = folded
	}
	stripped = strings.ReplaceAll(stripped, "ı", "i") // Turkish dotless i, which no folding maps
	return strings.Join(strings.Fields(stripped), " ")
}

// UserSearchKey is what a user is found by: name and email address, apart
// by a line break that no search (a single line) can span.
func UserSearchKey(name, email string) string {
	return SearchKey(name) + "\n" + SearchKey(email)
}
