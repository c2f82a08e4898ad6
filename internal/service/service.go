// Package service holds Console's use cases, shared by the web UI, the JSON
// API and the command line. Every method that acts for someone takes the
// *console.Actor, checks its permissions here, scopes every query to the
// actor's organization, and writes the audit event in the same transaction
// as the change.
package service

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/mail"
	"console/internal/password"
	"console/internal/store"
)

// Config is what the service needs from Console's configuration.
type Config struct {
	// BaseURL is the public address links in emails and logs point to.
	BaseURL string
	// Sessions bounds session lifetimes.
	Sessions console.SessionPolicy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Mail sends email; nil keeps it in the development Outbox instead.
	Mail mail.Sender
}

// Service is Console's use-case layer.
type Service struct {
	store    *store.Store
	cfg      Config
	log      *slog.Logger
	wake     func()
	authz    authzCache
	sessions sessionCache
}

// New returns a Service over st.
func New(st *store.Store, cfg Config, log *slog.Logger) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sessions == (console.SessionPolicy{}) {
		cfg.Sessions = console.DefaultSessionPolicy
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	// Compute the dummy hash now, so the first failed sign-in costs the same
	// as any other.
	go password.VerifyDummy("")
	return &Service{store: st, cfg: cfg, log: log}
}

// SessionPolicy returns the session limits in force.
func (s *Service) SessionPolicy() console.SessionPolicy { return s.cfg.Sessions }

// now returns the current time, truncated to what the store keeps.
func (s *Service) now() time.Time {
	return s.cfg.Now().UTC().Truncate(time.Microsecond)
}

// link returns an absolute URL under the configured base URL.
func (s *Service) link(path string, query url.Values) string {
	u := s.cfg.BaseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

// Ready reports whether the database answers and is fully migrated.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		return err
	}
	n, err := s.store.PendingMigrations(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return console.Errorf(console.KindInternal, "%d migrations pending", n)
	}
	return nil
}

// audit records an event by actor (nil for the system) in the transaction q.
func (s *Service) audit(ctx context.Context, q *store.Queries, orgID string, actor *console.Actor, action, targetType, targetID string, details map[string]string) error {
	e := &console.AuditEvent{OrgID: orgID, Action: action, TargetType: targetType, TargetID: targetID,
		Details: details, CreatedAt: s.now()}
	switch {
	case actor == nil:
		e.ActorType = console.ActorSystem
	case actor.TokenID != "":
		e.ActorID, e.ActorType, e.IP = actor.TokenID, console.ActorAPIToken, actor.Client.IP
	default:
		e.ActorID, e.ActorType, e.IP = actor.UserID, console.ActorUser, actor.Client.IP
	}
	return q.InsertAudit(ctx, e)
}

// Now is the service's clock, for faces that show times relative to it.
func (s *Service) Now() time.Time { return s.now() }

// errHashingBusy answers a request that needs a password hash while the
// hashing queue is full (see password.SetHashers): try again shortly.
var errHashingBusy = &console.Error{Kind: console.KindUnavailable, RetryAfter: time.Second,
	Message: "Console is busy checking passwords. Try again in a second."}

// hashingError turns password.ErrBusy into errHashingBusy (503 with
// Retry-After) and leaves other errors as they are.
func hashingError(err error) error {
	if errors.Is(err, password.ErrBusy) {
		return errHashingBusy
	}
	return err
}
