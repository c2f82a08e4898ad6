package service

import (
	"context"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// Authenticate turns a session token into the Actor making this request.
// It returns console.ErrUnauthenticated for an unknown, expired or idle
// session, or one whose user is no longer Active; expired sessions are
// deleted. A session and its user's permissions may come from this
// process's caches, but only at the organization's current authorization
// version, read on every call: sign-outs, revocations, deactivations and
// group changes apply to the very next request.
func (s *Service) Authenticate(ctx context.Context, token string, client console.Client) (*console.Actor, error) {
	if token == "" {
		return nil, console.ErrUnauthenticated
	}
	hash := hashToken(token)
	now := s.now()
	cs, err := s.cachedSession(ctx, hash, now)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		if cs, err = s.loadSession(ctx, hash, now); err != nil {
			return nil, err
		}
	}
	if s.cfg.Sessions.NeedsTouch(&cs.session, now) {
		if err := s.touchSession(ctx, hash, cs, now); err != nil {
			return nil, err
		}
	}
	ua, err := s.userAuthz(ctx, cs.session.OrgID, cs.version, cs.session.UserID)
	if err != nil {
		return nil, err
	}
	return &console.Actor{OrgID: cs.session.OrgID, UserID: cs.session.UserID, SessionID: cs.session.ID, Email: cs.email,
		Permissions: ua.perms, Client: client, AuthzVersion: cs.version}, nil
}

// cachedSession returns the cached session for tokenHash if its
// organization's authorization version has not moved since it was cached
// and it is still alive by its cached times (which are never later than
// the stored ones); nil otherwise.
func (s *Service) cachedSession(ctx context.Context, tokenHash string, now time.Time) (*cachedSession, error) {
	cs := s.sessions.get(tokenHash)
	if cs == nil {
		return nil, nil
	}
	version, err := s.store.AuthzVersion(ctx, cs.session.OrgID)
	if console.KindOf(err) == console.KindNotFound {
		s.sessions.drop(tokenHash)
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if version != cs.version || !s.cfg.Sessions.Alive(&cs.session, now) {
		s.sessions.drop(tokenHash)
		return nil, nil
	}
	return cs, nil
}

// loadSession reads the session, its user and the authorization version in
// one query, ends the session if it is dead, and caches it if not.
func (s *Service) loadSession(ctx context.Context, tokenHash string, now time.Time) (*cachedSession, error) {
	sess, user, version, err := s.store.SessionForRequest(ctx, tokenHash)
	if console.KindOf(err) == console.KindNotFound {
		return nil, console.ErrUnauthenticated
	} else if err != nil {
		return nil, err
	}
	if !s.cfg.Sessions.Alive(sess, now) || user.Status != console.StatusActive {
		if err := s.store.Tx(ctx, func(q *store.Queries) error { return q.DeleteSession(ctx, sess.OrgID, sess.ID) }); err != nil && console.KindOf(err) != console.KindNotFound {
			s.log.Warn("ending dead session", "err", err)
		}
		return nil, console.ErrUnauthenticated
	}
	cs := &cachedSession{session: *sess, email: user.Email, version: version}
	s.sessions.put(tokenHash, cs)
	return cs, nil
}

// touchSession records activity on the session and caches the new time. A
// session that no longer exists (ended meanwhile, e.g. by the sweep) is
// console.ErrUnauthenticated; failing to write is only logged.
func (s *Service) touchSession(ctx context.Context, tokenHash string, cs *cachedSession, now time.Time) error {
	err := s.store.Tx(ctx, func(q *store.Queries) error { return q.TouchSession(ctx, cs.session.OrgID, cs.session.ID, now) })
	switch {
	case console.KindOf(err) == console.KindNotFound:
		s.sessions.drop(tokenHash)
		return console.ErrUnauthenticated
	case err != nil:
		s.log.Warn("recording session activity", "err", err)
		return nil
	}
	touched := *cs
	touched.session.LastSeenAt = now
	s.sessions.put(tokenHash, &touched)
	return nil
}

// SignOut ends the actor's own session.
func (s *Service) SignOut(ctx context.Context, actor *console.Actor) error {
	if err := requirePerson(actor); err != nil {
		return err
	}
	if actor.SessionID == "" {
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
