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

// common is the blocklist, loaded from commonFile on first use.
var common struct {
	once sync.Once
	set  map[string]struct{}
}

// isCommon reports whether the lowercased password lower is blocklisted.
func isCommon(lower string) bool {
	common.once.Do(loadCommon)
	_, ok := common.set[lower]
	return ok
}

// loadCommon fills common.set from commonFile.
func loadCommon() {
	set := make(map[string]struct{}, 4096)
	for line := range strings.Lines(commonFile) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[strings.ToLower(norm.NFKC.String(line))] = struct{}{}
	}
	common.set = set
}
