package web

import (
	"io/fs"
	"strings"
	"testing"
)

// TestEveryTemplateIsAPage: each page template in templates/ is listed in
// pages with its data type, so none escapes the start-up type check.
func TestEveryTemplateIsAPage(t *testing.T) {
	shared := map[string]bool{"layout.html": true, "input.html": true, "partials.html": true}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimPrefix(f, "templates/")
		if _, ok := pages[strings.TrimSuffix(name, ".html")]; !ok && !shared[name] {
			t.Errorf("%s is not in pages: give its data type there", name)
		}
	}
	if _, err := parseTemplates(); err != nil {
		t.Fatal(err)
	}
}
