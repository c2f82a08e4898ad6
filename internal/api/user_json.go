package api

import (
	"time"

	"console/internal/console"
)

// userJSON is the contract's User object.
type userJSON struct {
	ID                string         `json:"id"`
	Email             string         `json:"email"`
	Name              string         `json:"name"`
	Status            console.Status `json:"status"`
	InvitationExpired bool           `json:"invitation_expired"`
	Groups            []groupRefJSON `json:"groups"`
	// Permissions is set on one person's profile (GET /me, /users/{id},
	// the session), as [] when they hold none; lists leave it out.
	Permissions   *[]string   `json:"permissions,omitempty"`
	Grants        []grantJSON `json:"grants,omitempty"`
	CreatedAt     time.Time   `json:"created_at"`
	ActivatedAt   *time.Time  `json:"activated_at"`
	LastLoginAt   *time.Time  `json:"last_login_at"`
	DeactivatedAt *time.Time  `json:"deactivated_at"`
	// Deactivation is what was said when an Inactive user was last
	// deactivated, on their profile for callers holding audit:read.
	Deactivation *deactivationJSON `json:"deactivation,omitempty"`
	Version      int64             `json:"version"`
}

// deactivationJSON is the reason ("" when none was given: leave,
// end_of_contract, investigation, other) and note of a deactivation, who
// made it (a user id) and when.
type deactivationJSON struct {
	Reason string    `json:"reason"`
	Note   string    `json:"note"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

func newUserJSON(u *console.User, now time.Time) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Status: u.Status,
		InvitationExpired: u.InvitationExpired(now), Groups: groupRefsJSON(u.Groups),
		CreatedAt: u.CreatedAt, ActivatedAt: u.ActivatedAt, LastLoginAt: u.LastLoginAt,
		DeactivatedAt: u.DeactivatedAt, Version: u.Version}
}

// newProfileJSON is one person's profile: the user with what their groups
// give.
func newProfileJSON(u *console.User, perms []string, now time.Time) userJSON {
	out := newUserJSON(u, now)
	if perms == nil {
		perms = []string{}
	}
	out.Permissions = &perms
	return out
}

// fieldErrorJSON is a remark about one field of a request (openapi.yaml:
// FieldError).
type fieldErrorJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func fieldErrorsJSON(list []console.FieldError) []fieldErrorJSON {
	if len(list) == 0 {
		return nil
	}
	out := make([]fieldErrorJSON, len(list))
	for i, f := range list {
		out[i] = fieldErrorJSON{Field: f.Field, Message: f.Message}
	}
	return out
}
