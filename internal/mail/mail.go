// Package mail renders Console's emails from typed templates and delivers them over SMTP.
package mail

import "context"

// Message is one email ready to send: a single recipient address (optionally with a display
// name, as in "Ada <ada@example.com>"), a subject, and the same content as plain text and as
// HTML. An empty HTML sends a text-only message.
type Message struct {
	To, Subject, Text, HTML string
}

// Sender delivers messages. Implementations must be safe for concurrent use. Send returns
// nil once the server has accepted the message; callers decide with Temporary whether a
// failure is worth retrying later.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
