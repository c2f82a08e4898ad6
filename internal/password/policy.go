package password

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Length limits Check enforces, in Unicode code points after NFKC
// normalisation.
const (
	MinLength = 8
	MaxLength = 256
)

// PolicyError is the error Check returns for a password it rejects.
// Reason is a complete sentence fit to show to the end user.
type PolicyError struct {
	Reason string
}

// Error returns e.Reason.
func (e *PolicyError) Error() string { return e.Reason }

// Check returns nil if plain is acceptable as a new password, or a
// *PolicyError saying why not. It follows NIST SP 800-63B §5.1.1.2 (rev. 4
// §3.1.1.2): after NFKC normalisation the password must be valid UTF-8 of
// MinLength to MaxLength code points, with no control characters and at
// least MinLength that show (spaces, accents alone and invisible
// characters do not count); it must not be repetitive or sequential
// ("aaaaaaaa", "abababab", "abcdefgh", "87654321", a keyboard row); it
// must not be on the common-passwords blocklist, ignoring case and the
// usual substitutions ("Passw0rd!" is "password"); and it must not equal,
// the same way, any of the context strings (such as the user's email
// address, name or company slug), or the local part or domain of a context
// string that contains '@'.
func Check(plain string, context ...string) error {
	s := norm.NFKC.String(plain)
	if reason := lengthReason(s); reason != "" {
		return &PolicyError{Reason: reason}
	}
	lower := strings.ToLower(s)
	if repetitive(lower) || sequential(lower) {
		return &PolicyError{Reason: "Avoid repeated or sequential characters (like aaaaaaaa or abcdefgh); choose another."}
	}
	if commonForm(lower) {
		return &PolicyError{Reason: "This password is too common; choose another."}
	}
	if matchesContext(lower, context) {
		return &PolicyError{Reason: "Don't use your email address or name in your password."}
	}
	return nil
}

// lengthReason returns why s has an unacceptable length or characters, or "".
func lengthReason(s string) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "Your password contains characters that can't be used."
	}
	switch n := utf8.RuneCountInString(s); {
	case n < MinLength:
		return fmt.Sprintf("Use at least %d characters.", MinLength)
	case n > MaxLength:
		return fmt.Sprintf("Use at most %d characters.", MaxLength)
	}
	if visible(s) < MinLength {
		return fmt.Sprintf("Use at least %d characters that show, not only spaces or accents.", MinLength)
	}
	return ""
}

// visible counts the characters of s that show by themselves: not spaces,
// combining marks or format characters (zero-width and the like).
func visible(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.M, r) && !unicode.Is(unicode.Cf, r) {
			n++
		}
	}
	return n
}

// repetitive reports whether s is at most two distinct characters, or a
// pattern of up to four characters repeated ("abcabcab").
func repetitive(s string) bool {
	r := []rune(s)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) <= 2 {
		return true
	}
	for period := 3; period <= 4 && period < len(r); period++ {
		if slices.Equal(r[period:], r[:len(r)-period]) {
			return true
		}
	}
	return false
}

// keyboardRows are runs of keys people type as a "password", both ways.
var keyboardRows = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop",
	"0987654321", "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "poiuztrewq", "poiuytreza"}

// sequential reports whether every character of s follows the previous
// one up or down by one ("abcdefgh", "98765432"), or s is part of a row
// of the keyboard.
func sequential(s string) bool {
	for _, row := range keyboardRows {
		if strings.Contains(row, s) {
			return true
		}
	}
	r := []rune(s)
	step := r[1] - r[0]
	if step != 1 && step != -1 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if r[i]-r[i-1] != step {
			return false
		}
	}
	return true
}

// leet undoes the substitutions people make in common passwords.
var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i", "|", "l")

// unleet returns the forms of s that people derive from a word: with its
// substitutions undone ("p@ssw0rd"), and with the digits and symbols they
// add around it removed first ("password1!", "!!passw0rd").
func unleet(s string) []string {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	return []string{strings.TrimFunc(leet.Replace(s), notLetter), leet.Replace(strings.TrimFunc(s, notLetter))}
}

// commonForm reports whether s, or a form of it people derive from a
// word, is on the blocklist.
func commonForm(s string) bool {
	return isCommon(s) || slices.ContainsFunc(unleet(s), isCommon)
}

// matchesContext reports whether lower, as typed or with its
// substitutions undone, equals a context string or the local part or
// domain of an email address, compared after NFKC, lowercasing and
// trimming.
func matchesContext(lower string, context []string) bool {
	forms := append(unleet(lower), lower)
	for _, c := range context {
		c = strings.ToLower(strings.TrimSpace(norm.NFKC.String(c)))
		if c == "" {
			continue
		}
		words := []string{c}
		if i := strings.LastIndexByte(c, '@'); i > 0 {
			words = append(words, c[:i], c[i+1:])
		}
		for _, w := range words {
			if slices.Contains(forms, w) {
				return true
			}
		}
	}
	return false
}
