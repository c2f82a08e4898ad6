package service

import (
	"context"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/mail"
	"console/internal/password"
	"console/internal/store"
)

// ResetLinkTTL is how long a password reset link works.
const ResetLinkTTL = time.Hour

// Limits on self-service reset requests, per address and per client IP.
const (
	forgotPerAccount = 5
	forgotPerIP      = 30
	forgotWindow     = time.Hour
)

// resetJob and resetRequestJob carry when they were queued: a link is
// not minted for a user whose credentials changed since.
type resetRequestJob struct {
	Org      string    `json:"org"`
	Email    string    `json:"email"`
	QueuedAt time.Time `json:"queued_at"`
}

// ErrResetDead answers a used, expired or unknown reset link.
var ErrResetDead = &console.Error{Kind: console.KindNotFound,
	Message: "This password reset link has expired or was already used. Ask for a new one from the sign-in page."}

// tooManyResets answers a reset request over the limits; like every
// answer of ForgotPassword it reads the same whether the account exists.
func tooManyResets(wait time.Duration) error {
	return &console.Error{Kind: console.KindRateLimited, RetryAfter: wait,
		Message: "Too many password reset requests. Try again in " + humanWait(wait) + "."}
}

// SendPasswordReset emails an Active user a link to choose a new password,
// if the user is at version (any, for 0; console.KindPreconditionFailed
// otherwise). The administrator never sees or sets the password.
// Requires users:manage.
func (s *Service) SendPasswordReset(ctx context.Context, actor *console.Actor, id string, version int64) error {
	err := s.changeUser(ctx, actor, console.PermUsersManage, id, console.ActPasswordReset, func(q *store.Queries, u *console.User) error {
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		if err := s.audit(ctx, q, u.OrgID, actor, console.ActionPasswordResetAsk, console.TargetUser, u.ID, nil); err != nil {
			return err
		}
		org, err := q.OrgByID(ctx, u.OrgID)
		if err != nil {
			return err
		}
		return s.queueLinkEmail(ctx, q, u, resetEmail(org, u, s.actorName(ctx, q, actor)))
	})
	if err == nil {
		s.jobQueued()
	}
	return err
}

// ForgotPassword queues a reset email for org and email if such an Active
// user exists. It does the same work and gives the same answer whether or
// not the account exists: the lookup happens later, in the job. Requests
// are limited per address and per client.
func (s *Service) ForgotPassword(ctx context.Context, org, email string, client console.Client) error {
	// The job keeps the address as typed: of pre-existing duplicates it
	// finds the one spelled so (see store.UserByEmail).
	org, typed, email := console.NormalizeSlug(org), strings.TrimSpace(email), console.EmailKey(email)
	var errs console.FieldErrors
	if org == "" {
		errs.Add("org", "Enter your company.")
	} else if !console.ValidSlug(org) {
		errs.Add("org", "A company slug has only lower-case letters, digits and dashes, like acme.")
	}
	if typed == "" {
		errs.Add("email", "Enter your email.")
	} else if _, err := console.ValidateEmail("email", typed); err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	now := s.now()
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		perAccount, accountWindow, err := q.HitRateLimit(ctx, hashKey("forgot-account", org, email), forgotWindow, now)
		if err != nil {
			return err
		}
		perIP, ipWindow, err := q.HitRateLimit(ctx, "forgot-"+addressKey(client.IP).id, forgotWindow, now)
		if err != nil {
			return err
		}
		switch {
		case perAccount > forgotPerAccount:
			return tooManyResets(accountWindow.Add(forgotWindow).Sub(now))
		case perIP > forgotPerIP:
			return tooManyResets(ipWindow.Add(forgotWindow).Sub(now))
		}
		return s.enqueue(ctx, q, "", jobPasswordResetRequest, resetRequestJob{Org: org, Email: typed, QueuedAt: now})
	})
	if err == nil {
		s.jobQueued()
	}
	return err
}

// resetRequested is the work of a self-service reset request, done in
// the transaction that completes its job (so a retried job never mints a
// second link): when the account exists, is Active and its credentials
// did not change since the request, queue the reset email; otherwise do
// nothing, silently.
func (s *Service) resetRequested(p resetRequestJob) jobs.Commit {
	return func(ctx context.Context, q *store.Queries) error {
		org, err := q.OrgBySlug(ctx, p.Org)
		if err != nil {
			return ignoreNotFound(err)
		}
		if err := q.LockOrg(ctx, org.ID); err != nil {
			return err
		}
		u, err := q.UserByEmail(ctx, org.ID, p.Email)
		if err != nil || u.Status != console.StatusActive || u.CredentialsChangedSince(p.QueuedAt) {
			return ignoreNotFound(err)
		}
		return s.queueLinkEmail(ctx, q, u, resetEmail(org, u, ""))
	}
}

// resetEmail is how a password reset email to u is rendered; sentBy names
// the administrator who sent it, "" when the person asked for it.
func resetEmail(org *console.Org, u *console.User, sentBy string) linkEmail {
	return linkEmail{kind: console.EmailPasswordReset, purpose: store.PurposePasswordReset, ttl: ResetLinkTTL, path: "/reset-password",
		orgSlug: org.Slug, render: func(link, signIn string, expires time.Time) (mail.Message, error) {
			return mail.PasswordReset{OrgName: org.Name, OrgSlug: org.Slug, SentBy: sentBy, Link: link, SignInLink: signIn, ExpiresAt: expires}.Message(u.Email)
		}}
}

// ResetLinkValid reports whether a reset link can still be used. Dead
// links count against the client's address (see guardLink).
func (s *Service) ResetLinkValid(ctx context.Context, token string, client console.Client) (bool, error) {
	u, err := s.peekReset(ctx, token, client)
	return u != nil, err
}

// peekReset returns the user of a working reset link, or nil.
func (s *Service) peekReset(ctx context.Context, token string, client console.Client) (*console.User, error) {
	var user *console.User
	err := s.guardLink(ctx, client, func() (bool, error) {
		state, u, err := s.store.PeekUserToken(ctx, store.PurposePasswordReset, hashToken(token), s.now())
		if state == store.TokenValid {
			user = u
		}
		return user != nil, err
	})
	return user, err
}

// ResetPassword sets a new password from a reset link (single use), then
// applies console.ChangePasswordReset (every session and other link of the
// user ends), lifts the sign-in throttle of the account, and signs the
// person in afresh. A refusal (a weak password, a user no longer Active)
// leaves the link as it was.
func (s *Service) ResetPassword(ctx context.Context, token, plain string, client console.Client) (*SignedIn, error) {
	u, err := s.peekReset(ctx, token, client)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, ErrResetDead
	}
	org, err := s.store.OrgByID(ctx, u.OrgID)
	if err != nil {
		return nil, err
	}
	if err := password.Check(plain, u.Email, u.Name, org.Slug, org.Name); err != nil {
		return nil, console.Invalid(console.FieldError{Field: "password", Message: err.Error()})
	}
	hash, err := password.Hash(plain)
	if err != nil {
		return nil, hashingError(err)
	}
	var signed *SignedIn
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		signed, err = s.resetTx(ctx, q, u.OrgID, token, hash, client)
		return err
	})
	return signed, err
}

// resetTx uses the link and sets the password. The organization the link
// was peeked in is locked first, as every change to its users does, so
// that a reset and a deactivation (which deletes the links under the same
// lock) never wait on each other in opposite orders.
func (s *Service) resetTx(ctx context.Context, q *store.Queries, orgID, token, hash string, client console.Client) (*SignedIn, error) {
	if err := q.LockOrg(ctx, orgID); err != nil {
		return nil, err
	}
	tokenOrg, userID, err := q.ConsumeUserToken(ctx, store.PurposePasswordReset, hashToken(token), s.now())
	if console.KindOf(err) == console.KindNotFound || err == nil && tokenOrg != orgID {
		return nil, ErrResetDead
	} else if err != nil {
		return nil, err
	}
	u, org, err := s.userAndOrg(ctx, q, orgID, userID)
	if err != nil || u.Status != console.StatusActive {
		return nil, firstErr(ignoreNotFound(err), ErrResetDead) // rolls the consume back too
	}
	if err := q.SetUserPassword(ctx, orgID, userID, hash); err != nil {
		return nil, err
	}
	if _, err := s.endCredentials(ctx, q, u, console.ChangePasswordReset, ""); err != nil {
		return nil, err
	}
	if err := s.clearAccount(ctx, q, org.Slug, u.Email); err != nil {
		return nil, err
	}
	actor := &console.Actor{OrgID: orgID, UserID: userID, Client: client}
	if err := s.audit(ctx, q, orgID, actor, console.ActionPasswordReset, console.TargetUser, userID, nil); err != nil {
		return nil, err
	}
	return s.startSession(ctx, q, u, client)
}
