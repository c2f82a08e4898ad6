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

// NameSortKey is what users are sorted by name by: the name shown (the
// email while a user has none), folded as searches fold it, and compared
// byte by byte. It is never empty, so that an empty key in the store means
// one not computed yet.
func NameSortKey(name, email string) string {
	if k := SearchKey(name); k != "" {
		return k
	}
	if k := SearchKey(email); k != "" {
		return k
	}
	return " "
}
