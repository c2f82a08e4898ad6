package service

import (
	"context"
	"slices"
	"strconv"
	"time"

	"console/internal/console"
	"console/internal/device"
	"console/internal/store"
)

// SessionView is one live session as its owner sees it.
type SessionView struct {
	ID string
	// CreatedAt is when the session started (the sign-in); LastSeenAt its
	// last request, recorded at most once per the session policy's touch
	// interval; ExpiresAt its absolute end.
	CreatedAt, LastSeenAt, ExpiresAt time.Time
	// IP is the client address the session started from.
	IP        string
	UserAgent string
	Device    device.Device
	// Current marks the session making this request.
	Current bool
}

// MySessions lists all the actor's live sessions, for a page that shows
// them together: the one in use first, then the most recently active.
// Sessions past their idle or absolute limit, which are refused anyway,
// are left out. It reads them by MySessionsPage, page after page.
func (s *Service) MySessions(ctx context.Context, actor *console.Actor) ([]SessionView, error) {
	var views []SessionView
	p := PageRequest{Limit: MaxPageSize}
	for {
		page, err := s.MySessionsPage(ctx, actor, p)
		if err != nil {
			return nil, err
		}
		views = append(views, page.Sessions...)
		if p.Cursor = page.NextCursor; p.Cursor == "" {
			break
		}
	}
	slices.SortStableFunc(views, func(a, b SessionView) int {
		switch {
		case a.Current != b.Current && a.Current:
			return -1
		case a.Current != b.Current:
			return 1
		}
		return b.LastSeenAt.Compare(a.LastSeenAt)
	})
	return views, nil
}

// newSessionView is sess as the actor, its owner, sees it.
func newSessionView(sess *console.Session, actor *console.Actor) SessionView {
	return SessionView{ID: sess.ID, CreatedAt: sess.CreatedAt, LastSeenAt: sess.LastSeenAt,
		ExpiresAt: sess.ExpiresAt, IP: sess.IP, UserAgent: sess.UserAgent, Device: device.Describe(sess.UserAgent),
		Current: sess.ID == actor.SessionID}
}

// EndMySession ends one of the actor's own sessions, effective on its very
// next request on every instance. Ending the session in use is signing
// out (SignOut). Another person's session, or one that has already ended,
// is console.ErrNotFound, so session ids of others cannot be probed.
func (s *Service) EndMySession(ctx context.Context, actor *console.Actor, id string) error {
	if err := requirePerson(actor); err != nil {
		return err
	}
	if id == actor.SessionID {
		return s.SignOut(ctx, actor)
	}
	if !store.ValidID(id) {
		return console.ErrNotFound
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.DeleteUserSession(ctx, actor.OrgID, actor.UserID, id); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionSessionEnd, console.TargetSession, id, nil)
	})
}

// EndMyOtherSessions ends every session of the actor but the one making
// the request ("sign out everywhere else") and returns how many ended.
// Requires a session: a caller without one has no "else".
func (s *Service) EndMyOtherSessions(ctx context.Context, actor *console.Actor) (int64, error) {
	if err := requirePerson(actor); err != nil {
		return 0, err
	}
	if actor.SessionID == "" {
		return 0, console.ErrUnauthenticated
	}
	var n int64
	err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
		if n, err = q.DeleteOtherSessions(ctx, actor.OrgID, actor.UserID, actor.SessionID); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionSessionsEndOthers, console.TargetUser, actor.UserID,
			map[string]string{"ended": strconv.FormatInt(n, 10)})
	})
	return n, err
}
