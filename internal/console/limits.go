package console

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on what people and programs send, in characters unless noted;
// the README lists them ("Limits"). Going over one is a KindInvalid error
// naming the field, never a failure further down (OWASP ASVS 5.0 V2.2.1:
// input is validated against an allowed length).
const (
	MaxSearchLength      = 200  // a user search (q)
	MaxNameLength        = 200  // a person's name
	MaxGroupNameLength   = 100  // a group's or an organization's name
	MaxDescriptionLength = 500  // a group's or a permission's description
	MaxMessageLength     = 2000 // an invitation's welcome message
	MaxListLength        = 500  // entries in one list field (groups, permissions, members)
)

// ValidateSearch checks a search query: at most MaxSearchLength characters
// of valid UTF-8 once trimmed.
func ValidateSearch(field, q string) (string, error) {
	q = strings.TrimSpace(q)
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > MaxSearchLength {
		return "", Invalid(FieldError{field, fmt.Sprintf("Search for at most %d characters.", MaxSearchLength)})
	}
	return q, nil
}

// ValidateList checks the length of a list field.
func ValidateList(field string, list []string) error {
	if len(list) > MaxListLength {
		return Invalid(FieldError{field, fmt.Sprintf("Send at most %d entries.", MaxListLength)})
	}
	return nil
}
