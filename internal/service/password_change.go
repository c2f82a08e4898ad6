package service

import (
	"context"
	"errors"

	"console/internal/console"
	"console/internal/password"
	"console/internal/store"
)

// ErrWrongCurrentPassword answers a password change whose current password
// is wrong.
var ErrWrongCurrentPassword = console.Invalid(console.FieldError{Field: "current_password",
	Message: "This is not your current password."})

// ChangeOwnPassword sets the actor's password after checking the current
// one (OWASP ASVS 5.0 V6.2.3), then applies console.ChangePassword: every other session and every
// outstanding link of theirs ends, the session in use stays. Guesses of
// the current password count against the account's sign-in throttle
// (console.KindRateLimited when it is closed), so a stolen session cannot
// be used to guess it faster than sign-in could. An empty current
// password, and a new one that is weak or the same as the one typed as
// current, are console.KindInvalid naming every such field at once,
// before any hashing.
func (s *Service) ChangeOwnPassword(ctx context.Context, actor *console.Actor, current, next string) error {
	if err := requirePerson(actor); err != nil {
		return err
	}
	if actor.SessionID == "" {
		return console.ErrUnauthenticated
	}
	u, org, err := s.userAndOrg(ctx, s.store.Reads, actor.OrgID, actor.UserID)
	if err != nil {
		return err
	}
	// What can be told without a hash first, every field at once: a weak
	// new password is no guess of the current one.
	var errs console.FieldErrors
	if current == "" {
		errs.Add("current_password", "Enter your current password.")
	}
	if err := password.Check(next, u.Email, u.Name, org.Slug, org.Name); err != nil {
		errs.Add("new_password", err.Error())
	} else if next == current {
		errs.Add("new_password", "Choose a password other than your current one.")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	key := accountKey(org.Slug, u.Email)
	closed, err := s.reserve(ctx, key)
	if err != nil {
		return err
	}
	if closed != nil {
		return tooManyAttempts(closed.wait)
	}
	if ok, _, err := password.Verify(current, u.PasswordHash); errors.Is(err, password.ErrBusy) {
		return firstErr(s.unreserve(ctx, key), hashingError(err)) // nothing was checked
	} else if !ok {
		return ErrWrongCurrentPassword
	}
	hash, err := password.Hash(next)
	if err != nil {
		return hashingError(err)
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.LockOrg(ctx, u.OrgID); err != nil {
			return err
		}
		// The password verified must still be the user's: a reset that
		// came in between wins.
		if stored, _, err := q.UserCredentials(ctx, u.OrgID, u.ID); err != nil || stored != u.PasswordHash {
			return firstErr(err, ErrWrongCurrentPassword)
		}
		if err := q.SetUserPassword(ctx, u.OrgID, u.ID, hash); err != nil {
			return err
		}
		if _, err := s.endCredentials(ctx, q, u, console.ChangePassword, actor.SessionID); err != nil {
			return err
		}
		if err := s.settle(ctx, q, key); err != nil {
			return err
		}
		return s.audit(ctx, q, u.OrgID, actor, console.ActionPasswordChange, console.TargetUser, u.ID, nil)
	})
}
