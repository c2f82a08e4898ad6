package console

import "time"

// DeliveryState is where an email stands: queued (not yet tried), retrying
// (a temporary failure; LastError says which), sent (the mail server
// accepted it, or its link was used, so an earlier try reached the
// person), failed (refused for good, or out of attempts), kept (put in
// the development Outbox by an instance without SMTP: nobody received
// it), or cancelled (its link was replaced, ended or expired before it
// went, so sending it would only deliver a dead link).
type DeliveryState string

// The delivery states.
const (
	DeliveryQueued    DeliveryState = "queued"
	DeliveryRetrying  DeliveryState = "retrying"
	DeliverySent      DeliveryState = "sent"
	DeliveryFailed    DeliveryState = "failed"
	DeliveryCancelled DeliveryState = "cancelled"
	DeliveryKept      DeliveryState = "kept"
)

// Undelivered reports whether the email has not reached the mail server
// and may still need someone's attention: queued, retrying, failed or
// kept.
func (d DeliveryState) Undelivered() bool {
	return d == DeliveryQueued || d == DeliveryRetrying || d == DeliveryFailed || d == DeliveryKept
}

// DeliveryStates lists every state, for filters.
var DeliveryStates = []DeliveryState{DeliveryQueued, DeliveryRetrying, DeliverySent, DeliveryFailed, DeliveryKept, DeliveryCancelled}

// Email kinds.
const (
	EmailInvitation    = "invitation"
	EmailPasswordReset = "password_reset"
	EmailEmailChanged  = "email_changed"
)

// Email is the delivery record of one email Console sent or is sending;
// its body is not part of it.
type Email struct {
	ID        string
	OrgID     string
	UserID    string // the person it concerns; "" when none
	Kind      string // EmailInvitation, ...
	To        string
	Subject   string
	State     DeliveryState
	Attempts  int    // tries so far
	LastError string // the mail server's answer to the last failed try
	CreatedAt time.Time
	UpdatedAt time.Time
	SentAt    *time.Time
	// Retryable says an operator may queue it again: failed or kept, its
	// body not yet dropped by retention, and the link it carries (if any)
	// neither used nor replaced.
	Retryable bool
}

// KindLabel names the kind of email for people: "Invitation".
func (e *Email) KindLabel() string {
	switch e.Kind {
	case EmailInvitation:
		return "Invitation"
	case EmailPasswordReset:
		return "Password reset"
	case EmailEmailChanged:
		return "Email change notice"
	}
	return e.Kind
}

// OutboxMail is an email kept instead of sent, for the development Outbox
// shown when no SMTP server is configured.
type OutboxMail struct {
	ID        string
	To        string
	Subject   string
	Text      string
	HTML      string
	CreatedAt time.Time
}
