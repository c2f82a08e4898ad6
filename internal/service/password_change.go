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
// be used to guess it faster than sign-in could. An empty or wrong current
// password, and a new one that is weak or the same as the one typed as
// current, are console.KindInvalid naming every such field at once.
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
	// Every field at once: an empty current password and a weak new one
	// are told without a hash; a current password typed is checked even
	// when the new one is refused, so a second round never brings news.
	var errs console.FieldErrors
	if current == "" {
		errs.Add("current_password", "Enter your current password.")
	}
	if err := password.Check(next, u.Email, u.Name, org.Slug, org.Name); err != nil {
		errs.Add("new_password", err.Error())
	} else if next == current {
		errs.Add("new_password", "Choose a password other than your current one.")
	}
	key := accountKey(org.Slug, u.Email)
	if current != "" {
		closed, err := s.reserve(ctx, key)
		if err != nil {
			return err
		}
		if closed != nil {
			return tooManyAttempts(closed.wait)
		}
		ok, _, err := password.Verify(current, u.PasswordHash)
		switch {
		case errors.Is(err, password.ErrBusy):
			return firstErr(s.unreserve(ctx, key), hashingError(err)) // nothing was checked
		case !ok:
			errs = append(errs, console.AsError(ErrWrongCurrentPassword).Fields...)
		case len(errs) > 0:
			// Right, but the new one is refused: the guess was no guess.
			if err := s.store.Tx(ctx, func(q *store.Queries) error { return s.settle(ctx, q, key) }); err != nil {
				return err
			}
		}
	}
	if err := errs.Err(); err != nil {
		return err
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
