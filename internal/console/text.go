package console

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// textProblem says what is wrong with s as the value of a text field, or
// "" when nothing is: invalid UTF-8 (or the U+FFFD that stands for it),
// control characters (NUL, escapes; tabs and line breaks only where
// multiline), and the characters that change how the text around them
// shows without showing themselves: bidirectional overrides and isolates,
// zero-width spaces, byte order marks, tags. Such text is a way to make a
// name read as another (Unicode TR #36 §2.2, bidirectional spoofing), and
// PostgreSQL refuses NUL.
func textProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "This text is not valid UTF-8."
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case r == utf8.RuneError:
			return "This text holds a character that could not be read (U+FFFD)."
		case unicode.IsControl(r):
			return "Remove the control characters (such as line breaks or tabs) from this text."
		case hiddenFormat(r):
			return "Remove the invisible formatting characters (such as right-to-left overrides or zero-width spaces) from this text."
		}
	}
	return ""
}

// hiddenFormat reports the characters no field needs that show nothing,
// or nothing but a blank: format characters (bidirectional marks and
// overrides, soft hyphens, zero-width spaces, byte order marks, tags)
// but the zero-width joiner and non-joiner, which Persian and the Indic
// scripts need in names, and the Arabic number signs, which show; other
// default-ignorable characters (Hangul fillers, the combining grapheme
// joiner); line and paragraph separators; private-use characters; and the
// blank Braille pattern.
func hiddenFormat(r rune) bool {
	switch {
	case r == 0x200C || r == 0x200D || unicode.Is(unicode.Prepended_Concatenation_Mark, r):
		return false
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
		return true
	case unicode.In(r, unicode.Zl, unicode.Zp, unicode.Co), r == 0x2800:
		return true
	}
	return false
}

// HiddenCharacter reports whether r is a character that shows nothing
// (see hiddenFormat) or a control character: what makes one address or
// name read as another.
func HiddenCharacter(r rune) bool {
	return unicode.IsControl(r) || hiddenFormat(r)
}

// NameKey is the form in which two names are the same name: compared as
// Unicode's NFKC_Casefold does (compatibility forms, full case folding,
// default-ignorable characters removed), the Turkish dotted and dotless i
// as i, with runs of spaces as one, so that "Administrators",
// "ＡＤＭＩＮＩＳＴＲＡＴＯＲＳ", "ADMİNİSTRATORS" and "administrators"
// followed by a zero-width space are one group name.
func NameKey(name string) string {
	s := norm.NFKC.String(name)
	s = strings.Map(cherokeeUpper, cases.Fold().String(s))
	s = strings.Map(dropIgnorable, s)
	s = turkishI.Replace(s)
	return strings.Join(strings.Fields(norm.NFKC.String(s)), " ")
}

// MixedScriptWord returns the first word of s that mixes writing systems
// (a Greek Α among Latin letters), with how, or "" when none does; such a
// word can look exactly like another (see EmailWarnings).
func MixedScriptWord(s string) string {
	for _, w := range strings.Fields(s) {
		if scripts := scriptsOf(norm.NFKC.String(w)); mixed(scripts) {
			return "“" + w + "” mixes " + strings.Join(scripts, " and ") + " letters (" + oddLetters(w) + ")"
		}
	}
	return ""
}
