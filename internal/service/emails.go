package service

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/mail"
	"console/internal/metrics"
	"console/internal/store"
)

// emailJob sends one recorded email.
type emailJob struct {
	EmailID string `json:"email_id"`
}

// queueEmail records msg, about the user userID ("" for none), as queued
// and queues the job that sends it, in the transaction q. tokenHash names
// the link msg carries, if any.
func (s *Service) queueEmail(ctx context.Context, q *store.Queries, orgID, userID, kind string, msg mail.Message, tokenHash string) error {
	e := &console.Email{OrgID: orgID, UserID: userID, Kind: kind, To: msg.To, CreatedAt: s.now()}
	if err := q.InsertEmail(ctx, e, store.EmailBody{Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML}, tokenHash); err != nil {
		return err
	}
	return s.enqueue(ctx, q, orgID, jobSendEmail, emailJob{EmailID: e.ID})
}

// linkEmail is how an email with a one-time link is rendered.
type linkEmail struct {
	kind    string
	purpose store.TokenPurpose
	ttl     time.Duration
	path    string
	// orgSlug is the company slug the email names, with a sign-in link
	// that fills it in (/login?org=SLUG).
	orgSlug string
	render  func(link, signIn string, expires time.Time) (mail.Message, error)
	// newUser says u was created in this transaction: it has no links
	// to end, and minting skips looking for them (a bulk import saves a
	// statement a row).
	newUser bool
}

// queueLinkEmail mints u's link (ending the unused ones of its purpose),
// renders the email with it and queues it, in q. The link is minted once,
// here, not when sending: every try of the email carries the same link,
// so a retry after a lost acknowledgement never kills a link already
// delivered. The database keeps the link's hash, and the link itself
// only in the queued email's body, dropped once it is sent.
func (s *Service) queueLinkEmail(ctx context.Context, q *store.Queries, u *console.User, le linkEmail) error {
	mint := s.mintToken
	if le.newUser {
		mint = s.mintFirstToken
	}
	link, hash, expires, err := mint(ctx, q, u, le.purpose, le.ttl, le.path)
	if err != nil {
		return err
	}
	if le.purpose == store.PurposeInvitation {
		u.InvitationExpiresAt = &expires // the answer shows the live link, as a read would
	}
	msg, err := le.render(link, s.link("/login", url.Values{"org": {le.orgSlug}}), expires)
	if err != nil {
		return err
	}
	return s.queueEmail(ctx, q, u.OrgID, u.ID, le.kind, msg, hash)
}

// sendEmail tries one email. An email already sent or cancelled, or gone
// with its user, is done. One whose link was used after a try by SMTP is
// recorded sent (that try reached the person: the mail server's answer
// was lost); one whose link was replaced, expired, or used before any
// email could bring it, is cancelled rather than sent. Without SMTP the
// email goes to the Outbox, recorded as kept.
func (s *Service) sendEmail(ctx context.Context, job *store.Job, p emailJob) (jobs.Commit, error) {
	e, body, link, err := s.store.EmailToSend(ctx, job.OrgID, p.EmailID, s.now())
	if err != nil || e.State == console.DeliverySent || e.State == console.DeliveryCancelled {
		return nil, ignoreNotFound(err)
	}
	lost := crashedTries(job) // a try whose worker died may have delivered it
	if link != store.LinkLive {
		mailed, err := s.store.MailedBefore(ctx, e.OrgID, e.ID)
		if err != nil {
			return nil, err
		}
		if link == store.LinkUsed && (mailed || lost > 0) {
			return s.setDelivery(e, store.EmailOutcome{State: console.DeliverySent, Tries: lost, Mailed: lost,
				Note: "Its link was used: an earlier try reached the person."}), nil
		}
		return s.setDelivery(e, store.EmailOutcome{State: console.DeliveryCancelled, Tries: lost, Mailed: lost,
			Note: "Not sent: its link was used, replaced, ended or expired first."}), nil
	}
	msg := mail.Message{To: e.To, Subject: body.Subject, Text: body.Text, HTML: body.HTML, ID: e.ID, Date: e.CreatedAt}
	if s.cfg.Mail == nil {
		return s.keepInOutbox(e, msg, 1+lost), nil
	}
	if err := s.cfg.Mail.Send(ctx, msg); err != nil {
		if !mail.Temporary(err) {
			return nil, jobs.Permanent(err)
		}
		return nil, err
	}
	return s.setDelivery(e, store.EmailOutcome{State: console.DeliverySent, Tries: 1 + lost, Mailed: 1 + lost}), nil
}

// crashedTries is how many tries of a job ended with their worker: one
// when this claim took the job over, whose try is counted now.
func crashedTries(job *store.Job) int {
	if job.TakenOver {
		return 1
	}
	return 0
}

func (s *Service) setDelivery(e *console.Email, o store.EmailOutcome) jobs.Commit {
	return func(ctx context.Context, q *store.Queries) error {
		metrics.Emails.WithLabelValues(string(o.State)).Inc()
		return q.SetEmailState(ctx, e.OrgID, e.ID, o, s.now())
	}
}

// keepInOutbox keeps msg in the Outbox, where no SMTP server is
// configured, and logs its links so that someone trying Console can
// follow them.
func (s *Service) keepInOutbox(e *console.Email, msg mail.Message, tries int) jobs.Commit {
	return func(ctx context.Context, q *store.Queries) error {
		kept := &console.OutboxMail{To: msg.To, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML, CreatedAt: s.now()}
		if err := q.InsertOutboxMail(ctx, e.OrgID, kept); err != nil {
			return err
		}
		s.log.Info("email kept in the Outbox (no SMTP configured)", "to", msg.To, "subject", msg.Subject,
			"links", linkPattern.FindAllString(msg.Text, -1))
		metrics.Emails.WithLabelValues(string(console.DeliveryKept)).Inc()
		return q.SetEmailState(ctx, e.OrgID, e.ID, store.EmailOutcome{State: console.DeliveryKept, Tries: tries, Note: keptNote}, s.now())
	}
}

var linkPattern = regexp.MustCompile(`https?://\S+`)

// keptNote is the delivery note of an email put in the Outbox.
const keptNote = "Kept in the Outbox, not sent: the Console instance that took it has no mail server configured (--smtp-url)."

// recordDeliveryFailure records a failed try of an email: retrying, or
// failed when final, with the mail server's answer.
func (s *Service) recordDeliveryFailure(ctx context.Context, q *store.Queries, job *store.Job, emailID string, err error, final bool) error {
	state := console.DeliveryRetrying
	if final {
		state = console.DeliveryFailed
	}
	metrics.Emails.WithLabelValues(string(state)).Inc()
	o := store.EmailOutcome{State: state, Tries: 1 + crashedTries(job), Note: mail.Reason(err)}
	if s.MailConfigured() {
		o.Mailed = o.Tries
	}
	return q.SetEmailState(ctx, job.OrgID, emailID, o, s.now())
}

// MailConfigured reports whether email goes out over SMTP; otherwise the
// Outbox page shows what would have been sent.
func (s *Service) MailConfigured() bool { return s.cfg.Mail != nil }

// EmailFilter selects a page of the organization's emails (see Emails).
type EmailFilter struct {
	// States: none lists every email; console.DeliveryState.Undelivered
	// ones are "undelivered".
	States []console.DeliveryState
	Cursor string
	Limit  int // 1 to MaxPageSize; 0 is DefaultPageSize
}

// Emails lists a page of the organization's emails, newest first. It is
// the "check email service status" page: recipients, subjects, states and
// the mail server's answers, never bodies. An unknown state, a limit out
// of range or a cursor Emails did not make is console.KindInvalid.
// Requires settings:manage.
func (s *Service) Emails(ctx context.Context, actor *console.Actor, f EmailFilter) (*EmailPage, error) {
	if err := actor.Require(console.PermSettingsManage); err != nil {
		return nil, err
	}
	var errs console.FieldErrors
	for _, st := range f.States {
		if !slices.Contains(console.DeliveryStates, st) {
			errs.Add("state", "Use undelivered, all, or one of queued, retrying, sent, failed, kept, cancelled.")
			break
		}
	}
	if f.Limit < 0 || f.Limit > MaxPageSize {
		errs.Add("limit", fmt.Sprintf("Use a whole number from 1 to %d.", MaxPageSize))
	}
	if f.Cursor != "" && !store.ValidEmailCursor(f.Cursor) {
		errs.Add("cursor", "This cursor is not one Console gave; start from the first page.")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = DefaultPageSize
	}
	page, err := s.store.ListEmails(ctx, actor.OrgID, store.EmailFilter{States: f.States, Cursor: f.Cursor, Limit: f.Limit})
	if err != nil {
		return nil, err
	}
	return &EmailPage{Emails: page.Emails, NextCursor: page.NextCursor}, nil
}

// EmailPage is one page of Emails; NextCursor is empty on the last.
type EmailPage struct {
	Emails     []*console.Email
	NextCursor string
}

// UndeliveredStates are the states of email that has not reached anyone
// yet: the default of the Email delivery page.
var UndeliveredStates = []console.DeliveryState{console.DeliveryQueued, console.DeliveryRetrying, console.DeliveryFailed, console.DeliveryKept}

// ErrEmailNotRetryable answers a retry of an email that is not failed, or
// whose body was dropped (see store.RequeueEmail).
var ErrEmailNotRetryable = &console.Error{Kind: console.KindConflict,
	Message: "Only a failed or kept email less than 7 days old can be sent again. For an invitation or a password reset, send a new one from the user's page."}

// errLinkGone refuses to send again an email whose link was used,
// replaced or has expired.
var errLinkGone = &console.Error{Kind: console.KindConflict,
	Message: "Its link was already used, replaced or has expired, so there is nothing to send. If the person still needs one, send a new invitation or reset from their page."}

// RetryEmail queues a failed or kept email again, as it was; the job's
// tries start over. One whose link was used, replaced or expired is
// refused (console.KindConflict): it would bring a dead link; a link that
// dies while it waits still cancels it when its turn comes. It returns the
// email's recipient. Requires settings:manage;
// the retry is audited.
func (s *Service) RetryEmail(ctx context.Context, actor *console.Actor, id string) (to string, err error) {
	if err := actor.Require(console.PermSettingsManage); err != nil {
		return "", err
	}
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		e, _, link, err := q.EmailToSend(ctx, actor.OrgID, id, s.now())
		if err != nil {
			return err
		}
		if link != store.LinkLive {
			return errLinkGone // sending it would only deliver a dead link
		}
		ok, err := q.RequeueEmail(ctx, actor.OrgID, id, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrEmailNotRetryable
		}
		to = e.To
		if err := s.audit(ctx, q, actor.OrgID, actor, console.ActionEmailRetry, console.TargetEmail, e.ID,
			map[string]string{"kind": e.Kind, "to": e.To}); err != nil {
			return err
		}
		return s.enqueue(ctx, q, actor.OrgID, jobSendEmail, emailJob{EmailID: e.ID})
	})
	if err != nil {
		return "", err
	}
	s.jobQueued()
	return to, nil
}

// UserEmails returns a page of the emails about a user, newest first
// (created_at, then id), for the user's page (whether the invitation
// went out) and the API. An invalid page is console.KindInvalid (see
// PageRequest). Requires users:read; another organization's user is
// console.ErrNotFound.
func (s *Service) UserEmails(ctx context.Context, actor *console.Actor, userID string, p PageRequest) (*EmailPage, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	limit, err := checkPage(p, store.ValidEmailCursor)
	if err != nil {
		return nil, err
	}
	if !store.ValidID(userID) {
		return nil, console.ErrNotFound
	}
	if _, err := s.store.UserByID(ctx, actor.OrgID, userID); err != nil {
		return nil, err
	}
	page, err := s.store.ListEmails(ctx, actor.OrgID, store.EmailFilter{UserID: userID, Cursor: p.Cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	return &EmailPage{Emails: page.Emails, NextCursor: page.NextCursor}, nil
}

// Outbox lists mail kept instead of sent; it exists only while no SMTP
// server is configured. Its emails carry live activation and reset links
// of everyone, Administrators included, so it requires settings:manage
// and every permission any group grants (see OutboxAllowed).
//
// It answers one page, newest first (see PageRequest).
func (s *Service) Outbox(ctx context.Context, actor *console.Actor, p PageRequest) (*store.OutboxPage, error) {
	if err := actor.Require(console.PermSettingsManage); err != nil {
		return nil, err
	}
	if s.MailConfigured() {
		return nil, console.ErrNotFound
	}
	if err := s.mayReadEveryonesMail(ctx, actor); err != nil {
		return nil, err
	}
	limit, err := checkPage(p, store.ValidOutboxCursor)
	if err != nil {
		return nil, err
	}
	return s.store.ListOutbox(ctx, actor.OrgID, p.Cursor, limit)
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
