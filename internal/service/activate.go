package service

import (
	"context"

	"console/internal/console"
	"console/internal/password"
	"console/internal/store"
)

// Invitation is what an activation page shows about a link.
type Invitation struct {
	// Usable says the link can still be used; when it cannot, Email and
	// Org are empty, whatever the reason (used, expired or unknown).
	Usable bool
	Email  string
	Org    *console.Org
}

// PeekInvitation tells whether an activation link can still be used, and
// for whom, without using it. Dead links count against the client's
// address (see guardLink): console.KindRateLimited when it tried too many.
func (s *Service) PeekInvitation(ctx context.Context, token string, client console.Client) (*Invitation, error) {
	inv := &Invitation{}
	err := s.guardLink(ctx, client, func() (bool, error) {
		state, u, err := s.store.PeekUserToken(ctx, store.PurposeInvitation, hashToken(token), s.now())
		if err != nil || state != store.TokenValid {
			return false, err
		}
		org, err := s.store.OrgByID(ctx, u.OrgID)
		if err != nil {
			return false, err
		}
		inv = &Invitation{Usable: true, Email: u.Email, Org: org}
		return true, nil
	})
	return inv, err
}

// ErrInvitationDead answers a used, expired or unknown activation link.
var ErrInvitationDead = &console.Error{Kind: console.KindNotFound,
	Message: "This invitation link has expired or was already used. Ask your administrator for a new invitation."}

// ActivateInput is what an invited person sends to accept the invitation.
type ActivateInput struct {
	Token    string
	Name     string
	Password string
	Client   console.Client
}

// Activate accepts an invitation: the token is used up (of two concurrent
// uses one wins), the user gets a name and password, becomes Active and is
// signed in.
func (s *Service) Activate(ctx context.Context, in ActivateInput) (*SignedIn, error) {
	inv, err := s.PeekInvitation(ctx, in.Token, in.Client)
	if err != nil {
		return nil, err
	}
	if !inv.Usable {
		return nil, ErrInvitationDead
	}
	var errs console.FieldErrors
	name, err := console.ValidateName("name", in.Name)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	if err := password.Check(in.Password, inv.Email, name, inv.Org.Slug, inv.Org.Name); err != nil {
		errs.Add("password", err.Error())
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(in.Password)
	if err != nil {
		return nil, hashingError(err)
	}
	return s.activateTx(ctx, inv.Org.ID, in, name, hash)
}

// activateTx uses the link and activates the user, after locking the
// organization the link was peeked in: the same order as resending or
// cancelling the invitation, so neither waits on the other in reverse.
func (s *Service) activateTx(ctx context.Context, orgID string, in ActivateInput, name, hash string) (*SignedIn, error) {
	var signed *SignedIn
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		now := s.now()
		if err := q.LockOrg(ctx, orgID); err != nil {
			return err
		}
		tokenOrg, userID, err := q.ConsumeUserToken(ctx, store.PurposeInvitation, hashToken(in.Token), now)
		if console.KindOf(err) == console.KindNotFound || err == nil && tokenOrg != orgID {
			return ErrInvitationDead
		} else if err != nil {
			return err
		}
		err = q.ActivateUser(ctx, orgID, userID, name, hash, now)
		if console.KindOf(err) == console.KindNotFound {
			return ErrInvitationDead // no longer Invited: cancelled or already active
		} else if err != nil {
			return err
		}
		u, err := q.UserByID(ctx, orgID, userID)
		if err != nil {
			return err
		}
		actor := &console.Actor{OrgID: orgID, UserID: userID, Client: in.Client}
		if err := s.audit(ctx, q, orgID, actor, console.ActionUserActivate, console.TargetUser, userID, nil); err != nil {
			return err
		}
		signed, err = s.startSession(ctx, q, u, in.Client)
		return err
	})
	return signed, err
}
