package console

import (
	"strings"
	"time"
	"unicode/utf8"
)

// APIToken is an organization's service account: a secret that
// applications send as "Authorization: Bearer <secret>" on /api/v1. It
// holds the permissions of the groups it carries, recomputed on every
// request like a person's. Only the SHA-256 hash of the secret is stored;
// the secret itself is shown once, when the token is made.
//
// A token made by a person lives with that person's access: it is
// suspended (refused with 401) while its creator is not Active, works
// again if they are reactivated, and is revoked for good when they are
// deleted. A token made by the console command (CreatedBy empty) belongs
// to whoever runs the server and lives until it is revoked or expires.
type APIToken struct {
	ID            string
	OrgID         string
	Name          string
	Groups        []GroupRef
	CreatedBy     string // user id; "" when made by the console command
	CreatedByName string // the creator's name or email when it was made
	CreatedAt     time.Time
	ExpiresAt     *time.Time // nil: never
	LastUsedAt    *time.Time
	LastUsedIP    string
	RevokedAt     *time.Time
	RevokedReason string
	// CreatorStatus is the creator's status now ("" for the console
	// command's tokens and deleted creators).
	CreatorStatus Status
}

// APITokenState is what a token can do now.
type APITokenState string

// The token states, in the order a request is refused: revoked first.
const (
	TokenActive    APITokenState = "active"
	TokenRevoked   APITokenState = "revoked"
	TokenExpired   APITokenState = "expired"
	TokenSuspended APITokenState = "suspended" // its creator is not Active
)

// State says whether t is accepted at now, and if not, why.
func (t *APIToken) State(now time.Time) APITokenState {
	switch {
	case t.RevokedAt != nil:
		return TokenRevoked
	case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
		return TokenExpired
	case t.CreatedBy != "" && t.CreatorStatus != StatusActive:
		return TokenSuspended
	}
	return TokenActive
}

// Limits on API tokens, answered with 422 naming the field.
const (
	MaxTokenNameLength = 100 // characters
	MaxTokenGroups     = 50
	// MaxTokensPerOrg bounds the live (not revoked) tokens of one
	// organization: a token is cheap to make and a leak is expensive, so
	// a thousand forgotten ones is a fault to refuse, not a load to serve.
	MaxTokensPerOrg = 500
	// TokenPrefix starts every secret, so that secret scanners and people
	// recognise a Console API token in a log or a commit.
	TokenPrefix = "cst_"
)

// Audit actions and target of API tokens. Every action taken with a token
// is recorded with the token as its actor (AuditEvent.ActorType
// ActorAPIToken), never as the person who made it.
const (
	ActionTokenCreate = "token.create"
	ActionTokenRevoke = "token.revoke"
	TargetAPIToken    = "api_token"
)

// Audit actor types.
const (
	ActorUser     = "user"      // ActorID is a user id
	ActorAPIToken = "api_token" // ActorID is an API token id
	// ActorSystem is Console itself (ActorID ""): its scheduled work, and
	// the console command run by the server's operator.
	ActorSystem = "system"
)

// ValidateTokenName checks and trims an API token's name: 1 to
// MaxTokenNameLength characters of text (no control characters).
func ValidateTokenName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if problem := textProblem(name, false); problem != "" {
		return name, Invalid(FieldError{Field: "name", Message: problem})
	}
	if name == "" || utf8.RuneCountInString(name) > MaxTokenNameLength {
		return name, Invalid(FieldError{Field: "name", Message: "Enter a name of 1 to 100 characters, saying what uses the token (\"CI deploys\")."})
	}
	return name, nil
}
