// Package mail renders Console's emails from typed templates and delivers them over SMTP.
package mail

import (
	"context"
	"time"
)

// Message is one email ready to send: a single recipient address (optionally with a display
// name, as in "Ada <ada@example.com>"), a subject, and the same content as plain text and as
// HTML. An empty HTML sends a text-only message.
type Message struct {
	To, Subject, Text, HTML string
	// ID, when set, makes the Message-ID <ID@domain of the From>, and Date
	// the Date header: every try of one email then carries the same ones,
	// so a mail system can tell a resent copy for a duplicate. Unset, a
	// random ID and the time of sending are used.
	ID   string
	Date time.Time
}

// Sender delivers messages. Implementations must be safe for concurrent use. Send returns
// nil once the server has accepted the message; callers decide with Temporary whether a
// failure is worth retrying later.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
