package mail

import (
	"context"
	"errors"
	"net"
	"net/textproto"

	gomail "github.com/wneessen/go-mail"
)

// Temporary reports whether a Send error is worth retrying later. SMTP 4xx replies,
// connection refused or reset, timeouts, an ended context and temporary DNS failures are
// temporary; SMTP 5xx replies (e.g. 550 mailbox unavailable, 535 authentication failed), an
// unknown host and an invalid message or sender configuration are permanent. Any other error
// counts as temporary. Temporary(nil) is false.
func Temporary(err error) bool {
	if err == nil {
		return false
	}
	var perm *permanentError
	if errors.As(err, &perm) {
		return false
	}
	if code := replyCode(err); code != 0 {
		return code < 500
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return !dnsErr.IsNotFound || dnsErr.IsTemporary || dnsErr.IsTimeout
	}
	return true
}

// replyCode finds a 4xx or 5xx SMTP reply code in err, or returns 0.
func replyCode(err error) int {
	code := 0
	var sendErr *gomail.SendError
	var protoErr *textproto.Error
	if errors.As(err, &sendErr) {
		code = sendErr.ErrorCode()
	} else if errors.As(err, &protoErr) {
		code = protoErr.Code
	}
	if code < 400 || code > 599 {
		return 0
	}
	return code
}

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }

func (e *permanentError) Unwrap() error { return e.err }
