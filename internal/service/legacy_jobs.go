package service

import (
	"context"
	"time"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/store"
)

// Payloads of the email jobs an older Console queued, which minted their
// link when sending. After an upgrade each queues its email the current
// way (see queueLinkEmail) in the transaction that completes it.
type (
	invitationJob struct {
		UserID   string    `json:"user_id"`
		Inviter  string    `json:"inviter"`
		Message  string    `json:"message,omitempty"`
		QueuedAt time.Time `json:"queued_at"`
	}
	resetJob struct {
		UserID   string    `json:"user_id"`
		QueuedAt time.Time `json:"queued_at"`
	}
	emailChangedJob struct {
		OldEmail string `json:"old_email"`
		NewEmail string `json:"new_email"`
	}
)

func (s *Service) legacyInvitation(orgID string, p invitationJob) jobs.Commit {
	return func(ctx context.Context, q *store.Queries) error {
		u, org, err := s.userAndOrg(ctx, q, orgID, p.UserID)
		if err != nil || u.Status != console.StatusInvited || u.CredentialsChangedSince(p.QueuedAt) {
			return ignoreNotFound(err)
		}
		return s.queueLinkEmail(ctx, q, u, invitationEmail(org, u, p.Inviter, p.Message))
	}
}

func (s *Service) legacyReset(orgID string, p resetJob) jobs.Commit {
	return func(ctx context.Context, q *store.Queries) error {
		u, org, err := s.userAndOrg(ctx, q, orgID, p.UserID)
		if err != nil || u.Status != console.StatusActive || u.CredentialsChangedSince(p.QueuedAt) {
			return ignoreNotFound(err)
		}
		return s.queueLinkEmail(ctx, q, u, resetEmail(org, u, ""))
	}
}

func (s *Service) legacyEmailChanged(orgID string, p emailChangedJob) jobs.Commit {
	return func(ctx context.Context, q *store.Queries) error {
		return s.queueEmailChanged(ctx, q, orgID, "", p.OldEmail, p.NewEmail)
	}
}
