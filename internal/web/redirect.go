package web

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
)

// maxNext bounds a post-sign-in destination, in bytes.
const maxNext = 2048

// localPath returns next as a path of this Console, rebuilt from its parsed
// path and query, and false when a browser could resolve it anywhere else.
// It decides by parsing, never by matching known bad prefixes: whatever
// survives has no scheme, host or user information, a path that starts
// with exactly one slash once decoded and cleaned, and no backslash or
// control character anywhere (browsers read "\" as "/" and drop tabs and
// line breaks, so "/\t/evil.example" is "//evil.example" to them).
// OWASP ASVS 5.0 V3.7.2: redirects go only to allowed destinations.
func localPath(next string) (string, bool) {
	if next == "" || len(next) > maxNext || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || unsafeRunes(next) {
		return "", false
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Opaque != "" || u.User != nil || u.Host != "" || unsafeRunes(u.Path) {
		return "", false
	}
	clean := path.Clean(u.Path)
	if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") {
		return "", false
	}
	return (&url.URL{Path: clean, RawQuery: u.Query().Encode()}).String(), true
}

// unsafeRunes reports whether s holds a backslash, a control or format
// character (tab, line breaks, bidirectional overrides) or invalid UTF-8.
func unsafeRunes(s string) bool {
	for _, r := range s {
		if r == '\\' || r == unicode.ReplacementChar || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}

// safeNext is where to go after signing in: next when it is a path of
// this Console, else home, which picks the person's start page.
func safeNext(next string) string {
	if p, ok := localPath(next); ok {
		return p
	}
	return "/"
}

// seeOther redirects to a path of this Console after a form post. Targets
// are built by the handlers from validated ids; checking them anyway keeps
// every redirect of the UI on this site.
func seeOther(w http.ResponseWriter, r *http.Request, target string) {
	if p, ok := localPath(target); ok {
		target = p
	} else {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// signInFirst sends an anonymous visitor to the sign-in page, to come back
// to the page they asked for.
func signInFirst(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if p, ok := localPath(r.URL.RequestURI()); ok && p != "/" {
		target += "?" + url.Values{"next": {p}}.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
