package console

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// EmailWarnings returns what an administrator should look at before
// inviting email, which ValidateEmail has accepted: each part of the
// address (the local part, each label of the domain) that mixes writing
// systems, as "pаypal" with a Cyrillic а does. Such an address can look
// exactly like another one, so that the invitation goes to someone else
// (UTS #39 §5, mixed-script detection). The domain is checked in its
// Unicode form, so that an "xn--" label hides nothing.
//
// Characters of no script of their own (digits, punctuation, combining
// marks) do not count, and compatibility forms count as what they stand
// for. Han written with Hiragana and Katakana, with Bopomofo or with
// Hangul, with or without Latin, is how Japanese, Chinese and Korean are
// written and is not warned about (UTS #39 "Highly Restrictive"). A
// single-script address that imitates another (all Cyrillic "аррӏе") is not
// detected. field names the input in the warnings.
func EmailWarnings(field, email string) []FieldError {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return nil
	}
	parts := []string{unquote(email[:at])}
	parts = append(parts, strings.Split(unicodeDomain(email[at+1:]), ".")...)
	var warnings []FieldError
	for _, p := range parts {
		if scripts := scriptsOf(norm.NFKC.String(p)); mixed(scripts) {
			warnings = append(warnings, FieldError{field, fmt.Sprintf(
				"“%s” mixes %s letters (%s): the address can look like another one.", p, strings.Join(scripts, " and "), oddLetters(p))})
		}
	}
	return warnings
}

// oddLetters names where the letters of s that are not in its most used
// script stand, since on screen they look like the others: "letter 2 is
// Cyrillic".
func oddLetters(s string) string {
	letters := []rune(norm.NFC.String(s))
	count := map[string]int{}
	for _, r := range letters {
		count[scriptOf(r)]++
	}
	main := ""
	for name, n := range count {
		if name != "" && (n > count[main] || n == count[main] && name < main) {
			main = name
		}
	}
	var odd []string
	for i, r := range letters {
		if name := scriptOf(r); name != "" && name != main && len(odd) < 3 {
			odd = append(odd, fmt.Sprintf("letter %d is %s", i+1, name))
		}
	}
	return strings.Join(odd, ", ")
}

// scriptOf is the script of r, or "" for one shared by all (digits,
// punctuation, combining marks).
func scriptOf(r rune) string {
	for _, name := range scriptNames {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}

// unicodeDomain is domain with its ASCII labels decoded, or as typed when
// it has no IDNA form.
func unicodeDomain(domain string) string {
	ascii, err := asciiDomain(domain)
	if err != nil {
		return domain
	}
	u, err := idnaLookup.ToUnicode(ascii)
	if err != nil {
		return domain
	}
	return u
}

// scriptNames lists Unicode's scripts but Common and Inherited, which hold
// the characters shared by every script.
var scriptNames = func() []string {
	var names []string
	for name := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}()

// scriptsOf returns the scripts of the letters of s, sorted.
func scriptsOf(s string) []string {
	var found []string
	for _, r := range s {
		if name := scriptOf(r); name != "" && !slices.Contains(found, name) {
			found = append(found, name)
		}
	}
	sort.Strings(found)
	return found
}

// cjkScripts are the sets of scripts that East Asian writing combines.
var cjkScripts = [][]string{
	{"Han", "Hiragana", "Katakana", "Latin"},
	{"Bopomofo", "Han", "Latin"},
	{"Han", "Hangul", "Latin"},
}

// mixed reports whether scripts is more than one writing system that are
// not used together.
func mixed(scripts []string) bool {
	if len(scripts) < 2 {
		return false
	}
	for _, allowed := range cjkScripts {
		if subset(scripts, allowed) {
			return false
		}
	}
	return true
}

func subset(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}
