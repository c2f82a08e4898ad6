package password

import (
	_ "embed"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// commonFile lists common passwords one per line; '#' lines are comments.
//
//go:embed common-passwords.txt
var commonFile string

// wordsFile lists the short common passwords (4 to 7 letters) that people
// lengthen with digits and symbols.
//
//go:embed common-words.txt
var wordsFile string

// common is the blocklist, loaded from commonFile on first use.
var common struct {
	once sync.Once
	set  map[string]struct{}
}

// isCommon reports whether the lowercased password lower is blocklisted,
// or is one of the short common words.
func isCommon(lower string) bool {
	common.once.Do(loadCommon)
	_, ok := common.set[lower]
	return ok
}

// loadCommon fills common.set from commonFile.
func loadCommon() {
	set := make(map[string]struct{}, 8192)
	for line := range strings.Lines(commonFile + "\n" + wordsFile) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[strings.ToLower(norm.NFKC.String(line))] = struct{}{}
	}
	common.set = set
}
