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
// once trimmed, of text fit for a field (see textProblem).
func ValidateSearch(field, q string) (string, error) {
	q = strings.TrimSpace(q)
	if problem := textProblem(q, false); problem != "" {
		return "", Invalid(FieldError{field, problem})
	}
	if utf8.RuneCountInString(q) > MaxSearchLength {
		return "", Invalid(FieldError{field, fmt.Sprintf("Search for at most %d characters.", MaxSearchLength)})
	}
	return q, nil
}

// ValidateDescription checks a description (of a group, a permission): at
// most MaxDescriptionLength characters of text that may span lines.
func ValidateDescription(field, s string) error {
	if problem := textProblem(s, true); problem != "" {
		return Invalid(FieldError{field, problem})
	}
	if utf8.RuneCountInString(s) > MaxDescriptionLength {
		return Invalid(FieldError{field, fmt.Sprintf("Keep the description under %d characters.", MaxDescriptionLength)})
	}
	return nil
}

// ValidateMessage checks a message written to a person (an invitation's
// welcome): at most MaxMessageLength characters that may span lines.
func ValidateMessage(field, s string) error {
	if problem := textProblem(s, true); problem != "" {
		return Invalid(FieldError{field, problem})
	}
	if utf8.RuneCountInString(s) > MaxMessageLength {
		return Invalid(FieldError{field, fmt.Sprintf("Keep the message under %d characters.", MaxMessageLength)})
	}
	return nil
}

// ValidateList checks the length of a list field.
func ValidateList(field string, list []string) error {
	if len(list) > MaxListLength {
		return Invalid(FieldError{field, fmt.Sprintf("Send at most %d entries.", MaxListLength)})
	}
	return nil
}

// Clip shortens a value that a message repeats back to the client (an
// unknown group or field name) to 60 characters: an answer never grows
// with what was sent.
func Clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:59]) + "…"
}

// ClipList names at most five values of list, each clipped (see Clip),
// and how many more there are.
func ClipList(list []string) string {
	var names []string
	for i, s := range list {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(list)-5))
			break
		}
		names = append(names, Clip(s))
	}
	return strings.Join(names, ", ")
}
