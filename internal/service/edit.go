package service

import (
	"context"
	"slices"
	"strings"

	"console/internal/console"
	"console/internal/mail"
	"console/internal/store"
)

// EditInput changes a user; nil fields stay as they are.
type EditInput struct {
	Name   *string
	Email  *string
	Groups *[]string // ids or names: the user's new, complete set
}

// EditUser changes an Active or Invited user's name, email (their login)
// and groups, if the user is still at version: a stale version is
// console.KindPreconditionFailed, never a lost update. An email change
// ends every outstanding link (console.ChangeEmail). An Active user's old
// address is told of it; an Invited user's new address gets a fresh
// invitation (new link and expiry) and the old address, most often a
// typo, gets nothing. Requires users:manage, and every permission of the
// groups added or removed.
func (s *Service) EditUser(ctx context.Context, actor *console.Actor, id string, version int64, in EditInput) (*UserDetail, error) {
	changes, err := validateEdit(in)
	if err != nil {
		return nil, err
	}
	notify := false
	err = s.changeUser(ctx, actor, console.PermUsersManage, id, console.ActEdit, func(q *store.Queries, u *console.User) error {
		if err := s.editGroups(ctx, q, actor, u, in.Groups); err != nil {
			return err
		}
		if version == 0 {
			return console.ErrVersionRequired
		}
		if err := checkVersion(version, u.Version); err != nil {
			return err // rolls the group change back; checked after it (see changeGroup)
		}
		if err := updateProfile(ctx, q, u, version, changes); err != nil {
			return err
		}
		notify = changes.Email != nil && console.EmailKey(*changes.Email) != console.EmailKey(u.Email)
		if err := s.audit(ctx, q, u.OrgID, actor, console.ActionUserUpdate, console.TargetUser, u.ID, changedFields(in)); err != nil {
			return err
		}
		if !notify {
			return nil
		}
		if _, err := s.endCredentials(ctx, q, u, console.ChangeEmail, ""); err != nil {
			return err
		}
		if u.Status == console.StatusInvited {
			return s.reinvite(ctx, q, actor, u, *changes.Email)
		}
		return s.queueEmailChanged(ctx, q, u.OrgID, u.ID, u.Email, *changes.Email)
	})
	if err != nil {
		return nil, err
	}
	if notify {
		s.jobQueued()
	}
	return s.GetUser(ctx, actor, id)
}

func validateEdit(in EditInput) (store.UserChanges, error) {
	var c store.UserChanges
	var errs console.FieldErrors
	if in.Groups != nil {
		if err := console.ValidateList("groups", *in.Groups); err != nil {
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	if in.Name != nil {
		name, err := console.ValidateName("name", *in.Name)
		c.Name = &name
		if err != nil {
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	if in.Email != nil {
		email, err := console.ValidateEmail("email", *in.Email)
		c.Email = &email
		if err != nil {
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	return c, errs.Err()
}

// updateProfile writes the changes and bumps the version; a taken email is
// a conflict on the email field.
func updateProfile(ctx context.Context, q *store.Queries, u *console.User, version int64, c store.UserChanges) error {
	err := q.UpdateUser(ctx, u.OrgID, u.ID, version, c)
	if console.KindOf(err) == console.KindConflict {
		return &console.Error{Kind: console.KindConflict, Message: "Another user of your organization already has this email.",
			Fields: []console.FieldError{{Field: "email", Message: "Already used by another user."}}}
	}
	return err
}

// editGroups replaces the user's groups when refs is given. The actor must
// hold the permissions of every group added or removed, and the change may
// not leave the organization without an active manager of groups.
func (s *Service) editGroups(ctx context.Context, q *store.Queries, actor *console.Actor, u *console.User, refs *[]string) error {
	if refs == nil {
		return nil
	}
	groups, err := s.resolveGroups(ctx, q, u.OrgID, *refs)
	if err != nil {
		return err
	}
	added, removed, err := groupDiff(ctx, q, u, groups)
	if err != nil {
		return err
	}
	if err := checkGrant(actor, append(added, removed...)); err != nil {
		return err
	}
	if err := q.SetUserGroups(ctx, u.OrgID, u.ID, groupIDs(groups), s.now()); err != nil {
		return err
	}
	return requireAManager(ctx, q, u.OrgID)
}

// groupDiff returns the groups in next but not held by u, and those held
// but not in next.
func groupDiff(ctx context.Context, q *store.Queries, u *console.User, next []*console.Group) (added, removed []*console.Group, err error) {
	all, err := q.ListGroups(ctx, u.OrgID)
	if err != nil {
		return nil, nil, err
	}
	held := func(id string) bool {
		return slices.ContainsFunc(u.Groups, func(g console.GroupRef) bool { return g.ID == id })
	}
	inNext := func(id string) bool {
		return slices.ContainsFunc(next, func(g *console.Group) bool { return g.ID == id })
	}
	for _, g := range all {
		switch {
		case inNext(g.ID) && !held(g.ID):
			added = append(added, g)
		case held(g.ID) && !inNext(g.ID):
			removed = append(removed, g)
		}
	}
	return added, removed, nil
}

func changedFields(in EditInput) map[string]string {
	var fields []string
	if in.Name != nil {
		fields = append(fields, "name")
	}
	if in.Email != nil {
		fields = append(fields, "email")
	}
	if in.Groups != nil {
		fields = append(fields, "groups")
	}
	return map[string]string{"fields": strings.Join(fields, ",")}
}

// reinvite sends an Invited user's invitation to their corrected address
// with a fresh link, in q; the link sent to the old address died with
// console.ChangeEmail.
func (s *Service) reinvite(ctx context.Context, q *store.Queries, actor *console.Actor, u *console.User, email string) error {
	org, err := q.OrgByID(ctx, u.OrgID)
	if err != nil {
		return err
	}
	u.Email = email
	return s.queueLinkEmail(ctx, q, u, invitationEmail(org, u, s.actorName(ctx, q, actor), ""))
}

// queueEmailChanged queues the notice telling the old address that the
// login changed, in q.
func (s *Service) queueEmailChanged(ctx context.Context, q *store.Queries, orgID, userID, oldEmail, newEmail string) error {
	org, err := q.OrgByID(ctx, orgID)
	if err != nil {
		return err
	}
	msg, err := mail.EmailChanged{OrgName: org.Name, OldEmail: oldEmail, NewEmail: newEmail}.Message(oldEmail)
	if err != nil {
		return err
	}
	return s.queueEmail(ctx, q, orgID, userID, console.EmailEmailChanged, msg, "")
}
