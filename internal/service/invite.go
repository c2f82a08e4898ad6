package service

import (
	"context"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/mail"
	"console/internal/store"
)

// InviteInput is one invitation.
type InviteInput struct {
	Email   string
	Groups  []string // ids or names
	Message string   // optional welcome message for the email
	// HoldIfWarned invites nobody when the address draws warnings, which
	// are returned for the administrator to confirm first (the web form
	// does so); without it the invitation goes out with its warnings.
	HoldIfWarned bool
}

// Invited is what InviteUser did.
type Invited struct {
	// User is the user invited; nil when the invitation is held.
	User *console.User
	// Warnings are what the administrator should check about the address
	// (see console.EmailWarnings): an address that only looks like the
	// one meant.
	Warnings []console.FieldError
}

// InviteUser creates an Invited user in the given groups and, in the same
// transaction, the job that emails the activation link. Requires
// users:invite, and every permission of the groups given. An email whose
// mailbox (console.EmailKey) a user of the organization has, however
// spelled, is a conflict. The address is kept as typed; warnings about it
// come back with the user, or instead of it with in.HoldIfWarned.
func (s *Service) InviteUser(ctx context.Context, actor *console.Actor, in InviteInput) (*Invited, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	// Every invalid field is reported at once: the unknown groups too when
	// another field is wrong (else the transaction finds them).
	var errs console.FieldErrors
	email, err := console.ValidateEmail("email", in.Email)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	in.Message = strings.TrimSpace(in.Message)
	if err := console.ValidateMessage("message", in.Message); err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	if err := console.ValidateList("groups", in.Groups); err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	} else if len(errs) > 0 {
		if _, err := s.resolveGroups(ctx, s.store.Reads, actor.OrgID, in.Groups); console.KindOf(err) == console.KindInvalid {
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	out := &Invited{Warnings: console.EmailWarnings("email", email)}
	if in.HoldIfWarned && len(out.Warnings) > 0 {
		return out, nil
	}
	u := &console.User{OrgID: actor.OrgID, Email: email, Status: console.StatusInvited, CreatedAt: s.now()}
	err = s.store.Tx(ctx, func(q *store.Queries) error { return s.inviteTx(ctx, q, actor, u, in) })
	if err != nil {
		return nil, err
	}
	s.jobQueued()
	out.User = u
	return out, nil
}

func (s *Service) inviteTx(ctx context.Context, q *store.Queries, actor *console.Actor, u *console.User, in InviteInput) error {
	groups, err := s.resolveGroups(ctx, q, actor.OrgID, in.Groups)
	if err != nil {
		return err
	}
	if err := checkGrant(actor, groups); err != nil {
		return err
	}
	if err := q.CreateUser(ctx, u); console.KindOf(err) == console.KindConflict {
		return &console.Error{Kind: console.KindConflict, Message: "A user with this email already exists in your organization.",
			Fields: []console.FieldError{{Field: "email", Message: "Already a user of this organization."}}}
	} else if err != nil {
		return err
	}
	if err := q.AddNewUserGroups(ctx, u.OrgID, u.ID, groupIDs(groups), u.CreatedAt); err != nil {
		return err
	}
	for _, g := range groups {
		u.Groups = append(u.Groups, console.GroupRef{ID: g.ID, Name: g.Name})
	}
	if err := s.audit(ctx, q, u.OrgID, actor, console.ActionUserInvite, console.TargetUser, u.ID, map[string]string{"groups": groupNames(groups)}); err != nil {
		return err
	}
	org, err := q.OrgByID(ctx, u.OrgID)
	if err != nil {
		return err
	}
	return s.queueLinkEmail(ctx, q, u, invitationEmail(org, u, s.actorName(ctx, q, actor), in.Message))
}

// invitationEmail is how an invitation to u is rendered: from inviter,
// with an optional welcome message.
func invitationEmail(org *console.Org, u *console.User, inviter, message string) linkEmail {
	return linkEmail{kind: console.EmailInvitation, purpose: store.PurposeInvitation, ttl: org.InvitationTTL, path: "/activate",
		orgSlug: org.Slug, render: func(link, signIn string, expires time.Time) (mail.Message, error) {
			return mail.Invitation{OrgName: org.Name, OrgSlug: org.Slug, InviterName: inviter, WelcomeMessage: message,
				Link: link, SignInLink: signIn, ExpiresAt: expires}.Message(u.Email)
		}}
}

// actorName is how emails name the actor: name, else email; "" for an
// API token, so the email names no sender rather than a machine.
func (s *Service) actorName(ctx context.Context, q *store.Queries, actor *console.Actor) string {
	if !actor.IsPerson() {
		return ""
	}
	u, err := q.UserByID(ctx, actor.OrgID, actor.UserID)
	if err != nil {
		return ""
	}
	return u.DisplayName()
}

// ResendInvitation kills the user's current link and queues a new email
// with a fresh link and expiry (an earlier invitation still queued is
// then cancelled rather than sent), and bumps the user's version: the
// invitation's expiry is part of what a read shows. Only for Invited
// users, at version unless it is 0 (console.KindPreconditionFailed
// otherwise); requires users:invite.
func (s *Service) ResendInvitation(ctx context.Context, actor *console.Actor, id string, version int64) error {
	err := s.changeUser(ctx, actor, console.PermUsersInvite, id, console.ActResendInvitation, func(q *store.Queries, u *console.User) error {
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		if err := q.BumpUserVersion(ctx, u.OrgID, u.ID); err != nil {
			return err
		}
		if err := s.audit(ctx, q, u.OrgID, actor, console.ActionInvitationResend, console.TargetUser, u.ID, nil); err != nil {
			return err
		}
		org, err := q.OrgByID(ctx, u.OrgID)
		if err != nil {
			return err
		}
		return s.queueLinkEmail(ctx, q, u, invitationEmail(org, u, s.actorName(ctx, q, actor), ""))
	})
	if err == nil {
		s.jobQueued()
	}
	return err
}

// CancelInvitation removes an Invited user, at version unless it is 0
// (console.KindPreconditionFailed otherwise); the link dies with it.
// Requires users:invite.
func (s *Service) CancelInvitation(ctx context.Context, actor *console.Actor, id string, version int64) error {
	return s.changeUser(ctx, actor, console.PermUsersInvite, id, console.ActCancelInvitation, func(q *store.Queries, u *console.User) error {
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		if err := q.DeleteUser(ctx, u.OrgID, u.ID, console.StatusInvited); err != nil {
			return err
		}
		if err := s.forgetPerson(ctx, q, u); err != nil {
			return err
		}
		return s.audit(ctx, q, u.OrgID, actor, console.ActionInvitationCancel, console.TargetUser, u.ID, nil)
	})
}
