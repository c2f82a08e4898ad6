// Package walls holds the test of Console's import walls (DESIGN.md,
// "Shape"): imports point inward only.
package walls

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "console/internal/"

// allowed lists, for each package of the layered core, which of our
// packages its non-test files may import. A package missing here is not
// walled (commands, test helpers, leaf utilities).
var allowed = map[string][]string{
	"console": {},
	"csvsafe": {},
	"device":  {},
	"store":   {"console", "store/migrations"},
	"service": {"console", "csvsafe", "device", "importfile", "jobs", "mail", "metrics", "password", "store"},
	"web":     {"console", "httpx", "service"},
	"api":     {"console", "httpx", "service"},
	"httpx":   {"console", "service"},
}

// TestImportWalls: the domain imports nothing of ours, the store knows
// only the domain, the service never the faces, and the faces (web, api)
// call the service, never the store, and never each other.
func TestImportWalls(t *testing.T) {
	for pkg, ok := range allowed {
		for _, imp := range imports(t, filepath.Join("..", filepath.FromSlash(pkg))) {
			if !slices.Contains(ok, imp.path) {
				t.Errorf("%s imports %s%s; %s may import only %v", imp.file, module, imp.path, pkg, ok)
			}
		}
	}
}

type importOf struct{ file, path string }

// imports returns each import of ours made by the non-test Go files of
// dir, with its path below internal/.
func imports(t *testing.T, dir string) []importOf {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []importOf
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		path := filepath.Join(dir, name)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if rest, ours := strings.CutPrefix(p, module); ours {
				out = append(out, importOf{path, rest})
			}
		}
	}
	return out
}
