package api

import (
	"time"

	"console/internal/console"
)

// userJSON is the contract's User object.
type userJSON struct {
	ID                string             `json:"id"`
	Email             string             `json:"email"`
	Name              string             `json:"name"`
	Status            console.Status     `json:"status"`
	InvitationExpired bool               `json:"invitation_expired"`
	Groups            []console.GroupRef `json:"groups"`
	Permissions       []string           `json:"permissions,omitempty"`
	Grants            []console.Grant    `json:"grants,omitempty"`
	CreatedAt         time.Time          `json:"created_at"`
	ActivatedAt       *time.Time         `json:"activated_at"`
	LastLoginAt       *time.Time         `json:"last_login_at"`
	DeactivatedAt     *time.Time         `json:"deactivated_at"`
	Version           int64              `json:"version"`
}

func newUserJSON(u *console.User, perms []string, now time.Time) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Status: u.Status,
		InvitationExpired: u.InvitationExpired(now), Groups: u.Groups, Permissions: perms,
		CreatedAt: u.CreatedAt, ActivatedAt: u.ActivatedAt, LastLoginAt: u.LastLoginAt,
		DeactivatedAt: u.DeactivatedAt, Version: u.Version}
}
