package console

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person in one organization. The same email in two
// organizations is two unrelated users.
type User struct {
	ID            string     `json:"id"`
	OrgID         string     `json:"-"`
	Email         string     `json:"email"`
	Name          string     `json:"name"`
	Status        Status     `json:"status"`
	PasswordHash  string     `json:"-"`
	CreatedAt     time.Time  `json:"created_at"`
	ActivatedAt   *time.Time `json:"activated_at"`
	LastLoginAt   *time.Time `json:"last_login_at"`
	DeactivatedAt *time.Time `json:"deactivated_at"`
	Version       int64      `json:"version"`
	Groups        []GroupRef `json:"groups"`
	// InvitationExpiresAt is set for Invited users: when their current link dies.
	InvitationExpiresAt *time.Time `json:"-"`
}

// InvitationExpired reports whether an Invited user's link has expired at now.
func (u *User) InvitationExpired(now time.Time) bool {
	return u.Status == StatusInvited && u.InvitationExpiresAt != nil && !now.Before(*u.InvitationExpiresAt)
}

// DisplayName is the user's name, or the email when no name is set yet.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// EmailKey is the form of an email address used to compare two addresses:
// trimmed and lower-cased, so that sign-in and uniqueness ignore case.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidateEmail checks that email is a single bare address and returns it
// trimmed. field names the input in the error.
func ValidateEmail(field, email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", Invalid(FieldError{field, "Enter an email address."})
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		return "", Invalid(FieldError{field, "Enter a valid email address, like name@example.com."})
	}
	return email, nil
}

// ValidateName checks a person's name: 1 to 200 characters once trimmed.
func ValidateName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return "", Invalid(FieldError{field, "Enter a name of 1 to 200 characters."})
	}
	return name, nil
}
