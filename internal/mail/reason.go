package mail

import (
	"errors"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Reason is the part of a Send error that a person acting on it needs:
// the mail server's reply ("550 5.1.1 <zoe@example.com>: mailbox
// unavailable") without the SMTP step, recipient and message id around
// it, or, for an error that is not the server's (a refused connection, a
// timeout), the error's own text.
func Reason(err error) string {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return err.Error()
	}
	msg := strings.TrimPrefix(se.Error(), se.Reason.String()+": ")
	for _, tail := range []string{", affected recipient(s): ", ", affected message ID: "} {
		if i := strings.Index(msg, tail); i >= 0 {
			msg = msg[:i]
		}
	}
	return msg
}
