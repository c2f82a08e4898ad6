package console

import "time"

// Session is a signed-in browser or API client. Only a hash of its token is
// stored; deleting the row ends the session everywhere at once.
type Session struct {
	ID         string    `json:"id"`
	OrgID      string    `json:"-"`
	UserID     string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
}

// SessionPolicy bounds a session's life.
type SessionPolicy struct {
	// IdleTimeout ends a session with no request for this long.
	IdleTimeout time.Duration
	// MaxAge ends a session this long after sign-in, whatever its activity.
	MaxAge time.Duration
	// TouchInterval is the least time between two writes of last activity.
	TouchInterval time.Duration
}

// DefaultSessionPolicy is used unless configuration says otherwise.
var DefaultSessionPolicy = SessionPolicy{
	IdleTimeout:   8 * time.Hour,
	MaxAge:        7 * 24 * time.Hour,
	TouchInterval: time.Minute,
}

// Alive reports whether s is still valid at now under policy p.
func (p SessionPolicy) Alive(s *Session, now time.Time) bool {
	return now.Before(s.ExpiresAt) && now.Before(s.LastSeenAt.Add(p.IdleTimeout))
}

// NeedsTouch reports whether the last activity should be written again.
func (p SessionPolicy) NeedsTouch(s *Session, now time.Time) bool {
	return now.Sub(s.LastSeenAt) >= p.TouchInterval
}
