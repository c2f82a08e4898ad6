package service

import (
	"context"

	"console/internal/console"
	"console/internal/store"
)

// Authenticate turns a session token into the Actor making this request.
// It returns console.ErrUnauthenticated for an unknown, expired or idle
// session, or one whose user is no longer Active; expired sessions are
// deleted. Permissions are read afresh on every call, so group changes apply
// to the very next request.
func (s *Service) Authenticate(ctx context.Context, token string, client console.Client) (*console.Actor, error) {
	if token == "" {
		return nil, console.ErrUnauthenticated
	}
	sess, user, version, err := s.store.SessionForRequest(ctx, hashToken(token))
	if console.KindOf(err) == console.KindNotFound {
		return nil, console.ErrUnauthenticated
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	policy := s.cfg.Sessions
	if !policy.Alive(sess, now) || user.Status != console.StatusActive {
		if err := s.store.Tx(ctx, func(q *store.Queries) error { return q.DeleteSession(ctx, sess.OrgID, sess.ID) }); err != nil && console.KindOf(err) != console.KindNotFound {
			s.log.Warn("ending dead session", "err", err)
		}
		return nil, console.ErrUnauthenticated
	}
	if policy.NeedsTouch(sess, now) {
		if err := s.store.TouchSession(ctx, sess.OrgID, sess.ID, now); err != nil {
			s.log.Warn("recording session activity", "err", err)
		}
	}
	ua, err := s.userAuthz(ctx, sess.OrgID, version, sess.UserID)
	if err != nil {
		return nil, err
	}
	return &console.Actor{OrgID: sess.OrgID, UserID: sess.UserID, SessionID: sess.ID, Email: user.Email,
		Permissions: ua.perms, Client: client, AuthzVersion: version}, nil
}

// SignOut ends the actor's own session.
func (s *Service) SignOut(ctx context.Context, actor *console.Actor) error {
	if actor == nil || actor.SessionID == "" {
		return console.ErrUnauthenticated
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.DeleteSession(ctx, actor.OrgID, actor.SessionID); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionUserSignOut, console.TargetSession, actor.SessionID, nil)
	})
}

// SweepSessions deletes sessions past their absolute or idle limit. They
// are refused anyway; this only keeps the table small.
func (s *Service) SweepSessions(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
		n, err = q.DeleteSessionsBefore(ctx, now, now.Add(-s.cfg.Sessions.IdleTimeout))
		return err
	})
	return n, err
}
