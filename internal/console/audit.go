package console

import "time"

// AuditEvent records one state change: who did what to what, when, from where.
// ActorID and TargetID stay when the person is deleted, as tombstones that
// keep history attributable without personal data.
type AuditEvent struct {
	ID      string `json:"id"`
	OrgID   string `json:"-"`
	ActorID string `json:"actor_id"`
	// ActorType is ActorUser or ActorAPIToken: what ActorID names.
	ActorType  string            `json:"actor_type"`
	Action     string            `json:"action"`
	TargetType string            `json:"target_type"`
	TargetID   string            `json:"target_id"`
	IP         string            `json:"ip"`
	Details    map[string]string `json:"details,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
}

// Audit actions.
const (
	ActionOrgCreate    = "org.create"
	ActionUserCreate   = "user.create"
	ActionUserSignIn   = "user.sign_in"
	ActionUserSignOut  = "user.sign_out"
	ActionUserActivate = "user.activate"
	// ActionSessionEnd: a person ended one of their own sessions other
	// than the one in use (signing out of the current one is
	// ActionUserSignOut).
	ActionSessionEnd = "session.end"
	// ActionSessionsEndOthers: a person ended every session of theirs but
	// the one in use; details["ended"] counts them.
	ActionSessionsEndOthers = "user.sessions_end_others"
	TargetUser              = "user"
	TargetOrg               = "org"
	TargetSession           = "session"
)

// SignInResult is the true reason of a sign-in's outcome, kept for
// administrators and never shown to the person signing in.
type SignInResult string

// The sign-in results.
const (
	SignInSuccess       SignInResult = "success"
	SignInUnknownOrg    SignInResult = "unknown_org"
	SignInUnknownEmail  SignInResult = "unknown_email"
	SignInWrongPassword SignInResult = "wrong_password"
	SignInInvited       SignInResult = "invited"
	SignInInactive      SignInResult = "inactive"
	// SignInLocked: the account as typed had failed too often and was
	// refused without checking the password.
	SignInLocked SignInResult = "locked"
	// SignInThrottled: the client address had failed too often.
	SignInThrottled SignInResult = "throttled"
)

// SignInAttempt is one try to sign in. OrgID is empty when the company slug
// matched no organization.
type SignInAttempt struct {
	ID        string       `json:"id"`
	OrgID     string       `json:"-"`
	UserID    string       `json:"user_id,omitempty"`
	Email     string       `json:"email"`
	Result    SignInResult `json:"result"`
	IP        string       `json:"ip"`
	UserAgent string       `json:"user_agent"`
	CreatedAt time.Time    `json:"created_at"`
}

// Audit actions of the user lifecycle.
const (
	ActionUserInvite       = "user.invite"
	ActionUserExport       = "user.export"
	ActionInvitationResend = "user.invitation_resend"
	ActionInvitationCancel = "user.invitation_cancel"
	ActionUserUpdate       = "user.update"
	ActionUserDeactivate   = "user.deactivate"
	ActionUserReactivate   = "user.reactivate"
	ActionUserDelete       = "user.delete"
	ActionPasswordResetAsk = "user.password_reset_request"
	ActionPasswordReset    = "user.password_reset"
	ActionPasswordChange   = "user.password_change"
)

// Audit actions of groups and permissions.
const (
	ActionPermissionCreate = "permission.create"
	ActionPermissionDelete = "permission.delete"
	ActionPermissionUpdate = "permission.update"
	ActionGroupCreate      = "group.create"
	ActionGroupUpdate      = "group.update"
	ActionGroupDelete      = "group.delete"
	ActionMemberAdd        = "group.member_add"
	ActionMemberRemove     = "group.member_remove"
	TargetGroup            = "group"
	TargetPermission       = "permission"
)

// Audit actions of email delivery.
const (
	ActionEmailRetry = "email.retry"
	TargetEmail      = "email"
)
