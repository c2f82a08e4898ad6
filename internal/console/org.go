package console

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultInvitationTTL is how long an invitation link lives unless the
// organization says otherwise.
const DefaultInvitationTTL = 7 * 24 * time.Hour

// Org is a tenant: everything else belongs to exactly one organization.
type Org struct {
	ID            string        `json:"id"`
	Slug          string        `json:"slug"`
	Name          string        `json:"name"`
	InvitationTTL time.Duration `json:"-"`
	CreatedAt     time.Time     `json:"created_at"`
}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

// NormalizeSlug trims and lower-cases a company slug as typed at sign-in.
func NormalizeSlug(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// ValidSlug reports whether s is a company slug as Console makes them:
// 1 to 40 lower-case letters, digits and inner hyphens.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// ValidateOrg checks a new organization's slug and name.
func ValidateOrg(slug, name string) error {
	var errs FieldErrors
	if !slugPattern.MatchString(slug) {
		errs.Add("slug", "Use 1 to 40 lower-case letters, digits and hyphens, starting and ending with a letter or digit.")
	}
	name = strings.TrimSpace(name)
	if problem := textProblem(name, false); problem != "" {
		errs.Add("name", problem)
	} else if name == "" || utf8.RuneCountInString(name) > MaxGroupNameLength {
		errs.Add("name", "Enter a name of 1 to 100 characters.")
	}
	return errs.Err()
}
