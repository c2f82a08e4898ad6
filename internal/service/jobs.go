package service

import (
	"context"
	"encoding/json"
	"fmt"

	"console/internal/jobs"
	"console/internal/store"
)

// Job kinds. Each is handled by HandleJob.
const (
	jobSendEmail            = "send_email"
	jobPasswordResetRequest = "password_reset_request"
	jobSweepSessions        = "sweep_sessions"
	jobRetention            = "retention"
	// Kinds an older Console queued, still handled after an upgrade: each
	// queues its email the current way.
	jobInvitationEmail    = "invitation_email"
	jobPasswordResetEmail = "password_reset_email"
	jobEmailChangedNotice = "email_changed_notice"
)

// JobKinds are the kinds HandleJob does: a worker claims only these.
var JobKinds = []string{jobSendEmail, jobPasswordResetRequest, jobSweepSessions, jobRetention, jobImport,
	jobInvitationEmail, jobPasswordResetEmail, jobEmailChangedNotice}

// Schedules are the periodic jobs of every Console instance (see
// jobs.Schedule): each runs once per period across all instances.
var Schedules = []jobs.Schedule{
	{Kind: jobSweepSessions, Every: sweepEvery},
	{Kind: jobRetention, Every: retentionEvery},
}

// enqueue inserts a job in the transaction q; the worker is woken after
// the transaction commits (see jobQueued).
func (s *Service) enqueue(ctx context.Context, q *store.Queries, orgID, kind string, payload any) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return q.InsertJob(ctx, orgID, kind, raw, 0)
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
func (s *Service) HandleJob(ctx context.Context, job *store.Job) (jobs.Commit, error) {
	switch job.Kind {
	case jobSendEmail:
		var p emailJob
		return decodeAnd(job, &p, func() (jobs.Commit, error) { return s.sendEmail(ctx, job, p) })
	case jobPasswordResetRequest:
		var p resetRequestJob
		return decodeAnd(job, &p, func() (jobs.Commit, error) { return s.resetRequested(p), nil })
	case jobImport:
		var p importJob
		return decodeAnd(job, &p, func() (jobs.Commit, error) { return s.runImport(ctx, job, p) })
	case jobSweepSessions:
		return nil, s.sweepSessions(ctx)
	case jobRetention:
		return nil, s.ApplyRetention(ctx)
	case jobInvitationEmail:
		var p invitationJob
		return decodeAnd(job, &p, func() (jobs.Commit, error) { return s.legacyInvitation(job.OrgID, p), nil })
	case jobPasswordResetEmail:
		var p resetJob
		return decodeAnd(job, &p, func() (jobs.Commit, error) { return s.legacyReset(job.OrgID, p), nil })
	case jobEmailChangedNotice:
		var p emailChangedJob
		return decodeAnd(job, &p, func() (jobs.Commit, error) { return s.legacyEmailChanged(job.OrgID, p), nil })
	}
	return nil, jobs.Permanent(fmt.Errorf("unknown job kind %q", job.Kind))
}

func decodeAnd(job *store.Job, p any, fn func() (jobs.Commit, error)) (jobs.Commit, error) {
	if err := json.Unmarshal(job.Payload, p); err != nil {
		return nil, jobs.Permanent(fmt.Errorf("job %s payload: %w", job.Kind, err))
	}
	return fn()
}

// RecordJobFailure is the jobs.Worker's failure recorder: a failed try of
// an email becomes its delivery state, retrying or failed, with the mail
// server's answer; an import whose job fails for good is stopped.
func (s *Service) RecordJobFailure(ctx context.Context, q *store.Queries, job *store.Job, err error, final bool) error {
	if job.Kind == jobImport && final {
		var p importJob
		if json.Unmarshal(job.Payload, &p) != nil {
			return nil
		}
		return s.importFailed(ctx, q, job.OrgID, p.ImportID, err)
	}
	if job.Kind != jobSendEmail {
		return nil
	}
	var p emailJob
	if json.Unmarshal(job.Payload, &p) != nil {
		return nil
	}
	return s.recordDeliveryFailure(ctx, q, job, p.EmailID, err, final)
}
