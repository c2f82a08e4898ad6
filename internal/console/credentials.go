package console

// CredentialChange is a change to a user after which the credentials
// issued before it must not work: one rule for every credential Console
// issues (sessions, activation and password reset links), applied in the
// transaction of the change itself, so no link or session outlives the
// state it was issued for. OWASP ASVS 5.0 V7.4.2 (sessions end when an
// account is disabled or deleted) and V7.4.3 (other sessions end after a
// password change); NIST SP 800-63B §6.1.2.
type CredentialChange string

// The changes that end credentials.
const (
	ChangeDeactivated   CredentialChange = "deactivated"
	ChangeDeleted       CredentialChange = "deleted"
	ChangeEmail         CredentialChange = "email_changed"
	ChangePasswordReset CredentialChange = "password_reset"   // set from a reset link
	ChangePassword      CredentialChange = "password_changed" // by the person, who typed the old one
)

// SessionsEnded says which of the user's sessions a change ends.
type SessionsEnded int

// Which sessions end.
const (
	EndNoSessions SessionsEnded = iota
	EndOtherSessions
	EndAllSessions
)

// EndsLinks reports whether the change ends every activation and reset
// link issued before it and not yet used: all of them do. A link mailed
// to an address that is no longer the user's, or meant for an account
// state that has changed, must not set a password.
func (c CredentialChange) EndsLinks() bool { return true }

// EndsSessions says which sessions end: all of them when the person may
// no longer be who signs in (deactivation, deletion, a password set by a
// reset link, which may be an account recovery); the others when the
// person changes their own password from the session they keep; none
// when only the address changes.
func (c CredentialChange) EndsSessions() SessionsEnded {
	switch c {
	case ChangeDeactivated, ChangeDeleted, ChangePasswordReset:
		return EndAllSessions
	case ChangePassword:
		return EndOtherSessions
	}
	return EndNoSessions
}
