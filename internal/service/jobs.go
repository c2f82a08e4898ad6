package service

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/mail"
	"console/internal/store"
)

// Job kinds. Each is handled by HandleJob.
const (
	jobInvitationEmail      = "invitation_email"
	jobPasswordResetEmail   = "password_reset_email"
	jobPasswordResetRequest = "password_reset_request"
	jobEmailChangedNotice   = "email_changed_notice"
)

// enqueue inserts a job in the transaction q; the worker is woken after
// the transaction commits (see afterCommit).
func (s *Service) enqueue(ctx context.Context, q *store.Queries, orgID, kind string, payload any) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return q.InsertJob(ctx, orgID, kind, raw, s.now())
}

// OnJobQueued registers f to be called after a transaction that queued
// work commits, so the worker starts at once instead of at its next poll.
func (s *Service) OnJobQueued(f func()) { s.wake = f }

func (s *Service) jobQueued() {
	if s.wake != nil {
		s.wake()
	}
}

// HandleJob does one background job; it is the jobs.Worker's handler.
func (s *Service) HandleJob(ctx context.Context, job *store.Job) error {
	switch job.Kind {
	case jobInvitationEmail:
		var p invitationJob
		return s.decodeAnd(job, &p, func() error { return s.sendInvitation(ctx, job.OrgID, p) })
	case jobPasswordResetEmail:
		var p resetJob
		return s.decodeAnd(job, &p, func() error { return s.sendPasswordReset(ctx, job.OrgID, p.UserID, p.QueuedAt) })
	case jobPasswordResetRequest:
		var p resetRequestJob
		return s.decodeAnd(job, &p, func() error { return s.handleResetRequest(ctx, p) })
	case jobEmailChangedNotice:
		var p emailChangedJob
		return s.decodeAnd(job, &p, func() error { return s.sendEmailChanged(ctx, job.OrgID, p) })
	}
	return jobs.Permanent(fmt.Errorf("unknown job kind %q", job.Kind))
}

func (s *Service) decodeAnd(job *store.Job, p any, fn func() error) error {
	if err := json.Unmarshal(job.Payload, p); err != nil {
		return jobs.Permanent(fmt.Errorf("job %s payload: %w", job.Kind, err))
	}
	return fn()
}

// deliver sends m over SMTP, or, without SMTP configured, keeps it in the
// Outbox and logs its links so that someone trying Console can follow them.
// An SMTP refusal that retrying cannot fix is marked permanent.
func (s *Service) deliver(ctx context.Context, orgID string, m mail.Message) error {
	if s.cfg.Mail != nil {
		if err := s.cfg.Mail.Send(ctx, m); err != nil {
			if !mail.Temporary(err) {
				return jobs.Permanent(err)
			}
			return err
		}
		return nil
	}
	kept := &store.OutboxMail{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, CreatedAt: s.now()}
	if err := s.store.Tx(ctx, func(q *store.Queries) error { return q.InsertOutboxMail(ctx, orgID, kept) }); err != nil {
		return err
	}
	s.log.Info("email kept in the Outbox (no SMTP configured)", "to", m.To, "subject", m.Subject, "links", linkPattern.FindAllString(m.Text, -1))
	return nil
}

var linkPattern = regexp.MustCompile(`https?://\S+`)

// MailConfigured reports whether email goes out over SMTP; otherwise the
// Outbox page shows what would have been sent.
func (s *Service) MailConfigured() bool { return s.cfg.Mail != nil }

// Outbox lists mail kept instead of sent; it exists only while no SMTP
// server is configured. Its emails carry live activation and reset links
// of everyone, Administrators included, so it requires settings:manage
// and every permission any group grants (see OutboxAllowed).
func (s *Service) Outbox(ctx context.Context, actor *console.Actor) ([]*store.OutboxMail, error) {
	if err := actor.Require(console.PermSettingsManage); err != nil {
		return nil, err
	}
	if s.MailConfigured() {
		return nil, console.ErrNotFound
	}
	if err := s.mayReadEveryonesMail(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.ListOutbox(ctx, actor.OrgID, 100)
}

// OutboxAllowed reports whether actor may open the Outbox, for faces that
// offer it.
func (s *Service) OutboxAllowed(ctx context.Context, actor *console.Actor) bool {
	return actor.Can(console.PermSettingsManage) && !s.MailConfigured() && s.mayReadEveryonesMail(ctx, actor) == nil
}

// mayReadEveryonesMail refuses an actor lacking a permission that some
// group grants: reading a reset link of someone who holds it is becoming
// them (console.Actor.MayActOn).
func (s *Service) mayReadEveryonesMail(ctx context.Context, actor *console.Actor) error {
	granted, err := s.store.GrantedPermissions(ctx, actor.OrgID)
	if err != nil {
		return err
	}
	return actor.MayActOn("everyone whose email is in the Outbox", granted.Sorted())
}
