package importfile

import (
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// Nearest returns the candidate closest to name, for a "did you mean" hint
// beside an unknown group, or "" when none is close. Letter case is ignored,
// so a name differing only in case returns its candidate. Close means an
// edit distance (Levenshtein, in runes) of at most a third of name's length,
// and at least 1; on a tie the earlier candidate wins.
func Nearest(name string, candidates []string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	best, bestDist := "", max(1, utf8.RuneCountInString(n)/3)+1
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(n, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
