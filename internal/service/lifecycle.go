package service

import (
	"context"
	"strconv"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// RecentDeactivation is how recently a user must have been deactivated for
// deleting them to come with a warning.
const RecentDeactivation = 30 * 24 * time.Hour

var (
	errSelfDeactivate = console.Errorf(console.KindConflict, "You cannot deactivate yourself.")
)

// SelfDeactivation refuses (console.KindConflict) when the user id is the
// actor: nobody deactivates themselves. Deactivate asks it first; faces
// ask it before offering the action.
func SelfDeactivation(actor *console.Actor, id string) error {
	if actor != nil && id == actor.UserID {
		return errSelfDeactivate
	}
	return nil
}

// Deactivate makes an Active user Inactive and ends every session and
// outstanding link of theirs at once (console.ChangeDeactivated), so that
// nothing issued before works after a later Reactivate; their data stays.
// The reason and note of why, both optional, are kept in the audit event
// ("reason", "note") written in the same transaction; an unknown reason or
// a note that is too long is console.KindInvalid naming the field, checked
// before the user is looked up. Nobody deactivates themselves, nor the last active
// holder of groups:manage. A version other than 0 must be the user's
// (console.KindPreconditionFailed otherwise). Requires users:manage.
func (s *Service) Deactivate(ctx context.Context, actor *console.Actor, id string, version int64, why console.Deactivation) error {
	if err := actor.Require(console.PermUsersManage); err != nil {
		return err
	}
	why, err := why.Validate()
	if err != nil {
		return err
	}
	if err := SelfDeactivation(actor, id); err != nil {
		return err
	}
	return s.changeUser(ctx, actor, console.PermUsersManage, id, console.ActDeactivate, func(q *store.Queries, u *console.User) error {
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		now := s.now()
		if err := q.SetUserStatus(ctx, u.OrgID, u.ID, console.StatusActive, console.StatusInactive, &now); err != nil {
			return err
		}
		if err := requireAManager(ctx, q, u.OrgID); err != nil {
			return err
		}
		ended, err := s.endCredentials(ctx, q, u, console.ChangeDeactivated, "")
		if err != nil {
			return err
		}
		details := map[string]string{"sessions_ended": strconv.FormatInt(ended, 10)}
		why.Details(details)
		return s.audit(ctx, q, u.OrgID, actor, console.ActionUserDeactivate, console.TargetUser, u.ID, details)
	})
}

// Reactivate makes an Inactive user Active again; their old password works.
// A version other than 0 must be the user's (console.KindPreconditionFailed
// otherwise). Requires users:manage.
func (s *Service) Reactivate(ctx context.Context, actor *console.Actor, id string, version int64) error {
	return s.changeUser(ctx, actor, console.PermUsersManage, id, console.ActReactivate, func(q *store.Queries, u *console.User) error {
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		if err := q.SetUserStatus(ctx, u.OrgID, u.ID, console.StatusInactive, console.StatusActive, nil); err != nil {
			return err
		}
		return s.audit(ctx, q, u.OrgID, actor, console.ActionUserReactivate, console.TargetUser, u.ID, nil)
	})
}

// Deleted tells how a deletion went.
type Deleted struct {
	// RecentlyDeactivated warns that the user was deactivated less than 30
	// days ago: perhaps they were meant to come back.
	RecentlyDeactivated bool
}

// DeleteUser removes an Inactive user for good. confirmEmail must repeat
// the user's email, and a version other than 0 must be the user's
// (console.KindPreconditionFailed otherwise). The person's data goes;
// audit events keep the user's id as a tombstone. Requires users:delete.
func (s *Service) DeleteUser(ctx context.Context, actor *console.Actor, id, confirmEmail string, version int64) (*Deleted, error) {
	out := &Deleted{}
	err := s.changeUser(ctx, actor, console.PermUsersDelete, id, console.ActDelete, func(q *store.Queries, u *console.User) error {
		if console.EmailKey(confirmEmail) != console.EmailKey(u.Email) {
			return console.Invalid(console.FieldError{Field: "confirm_email", Message: "Type the user's email address exactly to confirm."})
		}
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		out.RecentlyDeactivated = RecentlyDeactivated(u, s.now())
		if _, err := s.endCredentials(ctx, q, u, console.ChangeDeleted, ""); err != nil {
			return err
		}
		if err := q.DeleteUser(ctx, u.OrgID, u.ID, console.StatusInactive); err != nil {
			return err
		}
		if err := s.forgetPerson(ctx, q, u); err != nil {
			return err
		}
		if err := s.revokeTokensOf(ctx, q, actor, u); err != nil {
			return err
		}
		return s.audit(ctx, q, u.OrgID, actor, console.ActionUserDelete, console.TargetUser, u.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecentlyDeactivated reports whether u was deactivated less than 30 days
// before now.
func RecentlyDeactivated(u *console.User, now time.Time) bool {
	return u.Status == console.StatusInactive && u.DeactivatedAt != nil && now.Sub(*u.DeactivatedAt) < RecentDeactivation
}
