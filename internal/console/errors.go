package console

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error so that each face (API, web, CLI) can map it to
// its own answer in one place.
type Kind int

// The error kinds. KindInternal is the zero value: an error of unknown kind
// is treated as internal and its text is never shown to a client.
const (
	KindInternal Kind = iota
	KindInvalid
	KindMalformed
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindPreconditionFailed
	KindRateLimited
	// KindTooLarge is a request body over the route's documented limit.
	KindTooLarge
	// KindUnsupportedMediaType is a request body of a type the route does
	// not take.
	KindUnsupportedMediaType
	// KindUnavailable is a dependency (the database) that does not answer
	// for now: the client should retry after Error.RetryAfter.
	KindUnavailable
	// KindMethodNotAllowed is a request with a method its path does not
	// take (HTTP 405, with Allow).
	KindMethodNotAllowed
)

// FieldError names one invalid input field (or CSV row) and says why.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an error whose Message is safe to show to the caller. Err, when
// set, is the internal cause, logged but never shown.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
	Err     error
	// RetryAfter, for KindRateLimited and KindUnavailable, is how long the
	// client should wait before trying again (HTTP Retry-After).
	RetryAfter time.Duration
	// CurrentVersion, for KindPreconditionFailed, is the version the item
	// is at (its ETag), when known: what the caller should read again.
	CurrentVersion int64
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the first *Error in err's chain, or KindInternal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// AsError returns the first *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Errorf returns an *Error of the given kind with a safe, formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a KindInvalid error listing the offending fields.
func Invalid(fields ...FieldError) *Error {
	msg := "The request has invalid fields."
	if len(fields) == 1 {
		msg = fields[0].Message
	}
	return &Error{Kind: KindInvalid, Message: msg, Fields: fields}
}

// Malformed returns a KindMalformed error: the request itself could not be
// read (not JSON, unknown field, wrong type), as opposed to invalid values.
func Malformed(field, message string) *Error {
	return &Error{Kind: KindMalformed, Message: message, Fields: []FieldError{{field, message}}}
}

// FieldErrors collects field errors while validating input.
type FieldErrors []FieldError

// Add records that field is invalid for the given reason.
func (f *FieldErrors) Add(field, message string) {
	*f = append(*f, FieldError{Field: field, Message: message})
}

// Keep adds err's fields when err is KindInvalid and returns nil; it
// returns any other error as it is (nil stays nil). Validation steps that
// each return an error are collected with it, so every invalid field is
// reported in one answer.
func (f *FieldErrors) Keep(err error) error {
	if KindOf(err) != KindInvalid {
		return err
	}
	*f = append(*f, AsError(err).Fields...)
	return nil
}

// Err returns nil when nothing was added, else a KindInvalid *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(f...)
}

// RetryAfterOf returns how long the client should wait before retrying
// after err, or 0 when err does not say.
func RetryAfterOf(err error) time.Duration {
	if e := AsError(err); e != nil {
		return e.RetryAfter
	}
	return 0
}

// Unavailable wraps cause, an error of a dependency that does not answer,
// as KindUnavailable: "try again shortly", with the cause kept for the log.
func Unavailable(cause error) *Error {
	return &Error{Kind: KindUnavailable, Message: "Console cannot reach its database right now. Try again in a few seconds.",
		Err: cause, RetryAfter: 5 * time.Second}
}

// StaleVersion refuses a change made from another version than current,
// the one the item is at: KindPreconditionFailed naming it.
func StaleVersion(current int64) *Error {
	return &Error{Kind: KindPreconditionFailed, CurrentVersion: current,
		Message: fmt.Sprintf("This item was changed by someone else since you read it: it is now at version %d. Reload it and try again.", current)}
}

// Common errors. Each face answers them the same way everywhere.
var (
	ErrNotFound        = &Error{Kind: KindNotFound, Message: "Not found."}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated, Message: "Sign in to continue."}
	ErrForbidden       = &Error{Kind: KindForbidden, Message: "You do not have permission to do this."}
	ErrBadCredentials  = &Error{Kind: KindUnauthenticated, Message: "The company, email or password is incorrect."}
	ErrStaleVersion    = &Error{Kind: KindPreconditionFailed, Message: "This item was changed by someone else; reload and try again."}
	// ErrVersionRequired refuses a change that does not say which version
	// it was made from (If-Match in the API, a hidden field in forms).
	ErrVersionRequired = &Error{Kind: KindPreconditionFailed,
		Message: "Say which version this change is based on: send If-Match with the ETag you read, so no change is lost."}
)
