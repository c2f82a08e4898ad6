package console

import (
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
	// CredentialsChangedAt is when a CredentialChange last ended the
	// user's credentials, or nil.
	CredentialsChangedAt *time.Time `json:"-"`
}

// CredentialsChangedSince reports whether a CredentialChange ended the
// user's credentials after t: work queued at t (an email carrying a link)
// must not issue one now. A zero t, from before the time was kept, says
// nothing.
func (u *User) CredentialsChangedSince(t time.Time) bool {
	return !t.IsZero() && u.CredentialsChangedAt != nil && u.CredentialsChangedAt.After(t)
}

// InvitationExpired reports whether an Invited user has no live link at
// now: it expired, or retention has since removed it.
func (u *User) InvitationExpired(now time.Time) bool {
	return u.Status == StatusInvited && (u.InvitationExpiresAt == nil || !now.Before(*u.InvitationExpiresAt))
}

// DisplayName is the user's name, or the email when no name is set yet.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// ValidateName checks a person's name: 1 to MaxNameLength characters once
// trimmed, of text fit for a field (no control or hidden formatting
// characters, see textProblem).
func ValidateName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if problem := textProblem(name, false); problem != "" {
		return "", Invalid(FieldError{field, problem})
	}
	if name == "" || utf8.RuneCountInString(name) > MaxNameLength {
		return "", Invalid(FieldError{field, "Enter a name of 1 to 200 characters."})
	}
	return name, nil
}
