package password

import (
	"fmt"
	"strings"
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
// *PolicyError saying why not. After NFKC normalisation the password must
// be valid UTF-8 of MinLength to MaxLength code points, must not be on the
// common-passwords blocklist (ignoring case), and must not equal, ignoring
// case, any of the context strings (such as the user's email address,
// name or company slug) or the local part of a context string that
// contains '@'.
func Check(plain string, context ...string) error {
	s := norm.NFKC.String(plain)
	if reason := lengthReason(s); reason != "" {
		return &PolicyError{Reason: reason}
	}
	lower := strings.ToLower(s)
	if isCommon(lower) {
		return &PolicyError{Reason: "This password is too common; choose another."}
	}
	if matchesContext(lower, context) {
		return &PolicyError{Reason: "Don't use your email address or name in your password."}
	}
	return nil
}

// lengthReason returns why s has an unacceptable length, or "".
func lengthReason(s string) string {
	if !utf8.ValidString(s) {
		return "Your password contains characters that can't be used."
	}
	switch n := utf8.RuneCountInString(s); {
	case n < MinLength:
		return fmt.Sprintf("Use at least %d characters.", MinLength)
	case n > MaxLength:
		return fmt.Sprintf("Use at most %d characters.", MaxLength)
	}
	return ""
}

// matchesContext reports whether lower equals a context string or an
// email local part, compared after NFKC, lowercasing and trimming.
func matchesContext(lower string, context []string) bool {
	for _, c := range context {
		c = strings.ToLower(strings.TrimSpace(norm.NFKC.String(c)))
		if c == "" {
			continue
		}
		if lower == c {
			return true
		}
		if i := strings.LastIndexByte(c, '@'); i > 0 && lower == c[:i] {
			return true
		}
	}
	return false
}
