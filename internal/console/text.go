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

// hiddenFormat reports the format characters no field needs. Joiners and
// left-to-right or right-to-left marks stay: scripts such as Persian and
// the Indic ones need them in names.
func hiddenFormat(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // embeddings, overrides, isolates
		return true
	case r == 0x200B, r == 0x2060, r == 0xFEFF, r >= 0x206A && r <= 0x206F, r >= 0xFFF9 && r <= 0xFFFB:
		return true
	case r >= 0xE0000 && r <= 0xE007F: // tags
		return true
	}
	return false
}

// NameKey is the form in which two names are the same name: compared as
// Unicode's NFKC_Casefold does (compatibility forms, full case folding,
// default-ignorable characters removed), with runs of spaces as one, so
// that "Administrators", "ＡＤＭＩＮＩＳＴＲＡＴＯＲＳ" and "administrators"
// followed by a zero-width space are one group name.
func NameKey(name string) string {
	s := norm.NFKC.String(name)
	s = strings.Map(cherokeeUpper, cases.Fold().String(s))
	s = strings.Map(dropIgnorable, s)
	return strings.Join(strings.Fields(norm.NFKC.String(s)), " ")
}
