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

// repetitive reports whether s is at most two distinct characters, or
// one string typed twice or more ("abcabcab", "passwordpassword").
func repetitive(s string) bool {
	r := []rune(s)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) <= 2 {
		return true
	}
	for period := 3; period <= len(r)/2; period++ {
		if (period <= 4 || len(r)%period == 0) && slices.Equal(r[period:], r[:len(r)-period]) {
			return true
		}
	}
	return false
}

// keyboardRows are runs of keys people type as a "password", both ways.
var keyboardRows = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop",
	"0987654321", "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "poiuztrewq", "poiuytreza"}

// sequential reports whether s, or its run of letters or of digits once
// the characters added around it are dropped ("abcdefgh1", "!123456"), is
// a sequence of six or more: each character following the previous up or
// down by one, or part of a row of the keyboard.
func sequential(s string) bool {
	for _, core := range cores(s) {
		if len([]rune(core)) >= 6 && inSequence(core) {
			return true
		}
	}
	return false
}

func inSequence(s string) bool {
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

// cores returns s and what is left of it once what people add around a
// word or a number is dropped: s without the non-letters at its ends,
// and without the non-digits.
func cores(s string) []string {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	notDigit := func(r rune) bool { return !unicode.IsDigit(r) }
	return []string{s, strings.TrimFunc(s, notLetter), strings.TrimFunc(s, notDigit)}
}

// leet undoes the substitutions people make in common passwords.
var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i", "|", "l")

// words returns the words people derive a password from: s with its
// substitutions undone ("p@ssw0rd"), and its run of letters with and
// without them once the digits and symbols added around it are dropped
// ("Summer2024!", "!!passw0rd").
func words(s string) []string {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	core := strings.TrimFunc(s, notLetter)
	return []string{strings.TrimFunc(leet.Replace(s), notLetter), core, leet.Replace(core)}
}

// commonForm reports whether s, or a word it is derived from, is on the
// blocklist (words of fewer than four letters are not counted).
func commonForm(s string) bool {
	if isCommon(s) {
		return true
	}
	for _, w := range words(s) {
		if len([]rune(w)) >= 4 && isCommon(w) {
			return true
		}
	}
	return false
}

// matchesContext reports whether lower is made only of words of the
// context strings (the person's email, its domain, name, company), as
// typed or with substitutions undone, apart from digits and symbols:
// "alice.smith", "Acme Inc.", "acmeinc1" and "test.acme" for a person of
// Acme Inc at acme.test. Context words are compared after NFKC and
// lowercasing.
func matchesContext(lower string, context []string) bool {
	known := map[string]bool{}
	for _, c := range context {
		c = strings.ToLower(norm.NFKC.String(c))
		tokens := tokensOf(c)
		for _, t := range tokens {
			known[t] = true
		}
		if len(tokens) > 1 {
			known[strings.Join(tokens, "")] = true
		}
		if i := strings.LastIndexByte(c, '@'); i > 0 { // the local part and the domain, each whole
			known[strings.Join(tokensOf(c[:i]), "")] = true
			known[strings.Join(tokensOf(c[i+1:]), "")] = true
		}
	}
	for _, form := range []string{lower, leet.Replace(lower)} {
		tokens := tokensOf(form)
		if len(tokens) > 0 && !slices.ContainsFunc(tokens, func(t string) bool { return !known[t] }) {
			return true
		}
		if joined := strings.Join(tokens, ""); joined != "" && known[joined] {
			return true
		}
	}
	return false
}

// tokensOf splits s into its runs of letters, digits dropped: the words a
// password is made of.
func tokensOf(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}
