package service

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"console/internal/console"
	"console/internal/metrics"
	"console/internal/password"
	"console/internal/store"
)

// SignInInput is what a person types on the sign-in form.
type SignInInput struct {
	Org      string
	Email    string
	Password string
	Client   console.Client
	// PreviousToken is the session token the client already held, if any:
	// that session ends, so no token outlives a sign-in.
	PreviousToken string
}

// SignedIn is a new session: Token goes into the cookie, CSRF into pages and
// the X-CSRF-Token header.
type SignedIn struct {
	Token   string
	CSRF    string
	Session *console.Session
	// User is the person signed in, with their groups, and Permissions
	// what those groups give.
	User        *console.User
	Permissions []string
	// OrgSlug is the company slug of the user's organization, which the
	// sign-in page remembers for the next time.
	OrgSlug string
}

// SignIn checks credentials and starts a session. Empty fields are
// KindInvalid, each named (signInFieldsGiven). Every other failure, whatever
// its cause (unknown company, unknown email, wrong password, Invited or
// Inactive user), returns console.ErrBadCredentials after the same amount of
// password hashing; the true cause is recorded as a sign-in attempt.
//
// Guessing is throttled per account as typed and per client address (see
// console.AccountThrottle and console.AddressThrottle): a closed key is
// answered console.KindRateLimited with the wait, before any hashing and
// alike whether or not the account exists, and recorded as "locked" or
// "throttled". A success clears the account's failures.
func (s *Service) SignIn(ctx context.Context, in SignInInput) (*SignedIn, error) {
	if err := signInFieldsGiven(in); err != nil {
		return nil, err
	}
	attempt := &console.SignInAttempt{Email: truncate(in.Email, maxTypedEmail), IP: in.Client.IP, UserAgent: truncate(in.Client.UserAgent, 512)}
	keys := []throttleKey{accountKey(in.Org, in.Email), addressKey(in.Client.IP)}
	closed, err := s.reserve(ctx, keys...)
	if err != nil {
		return nil, err
	}
	if closed != nil {
		return nil, s.refuseThrottled(ctx, in, attempt, closed)
	}
	user, result, err := s.checkCredentials(ctx, in, attempt)
	if errors.Is(err, password.ErrBusy) {
		// Nothing was checked: the failure reserved for the attempt is
		// given back, whatever the account, so the answer says nothing.
		metrics.SignIns.WithLabelValues("busy").Inc()
		return nil, firstErr(s.unreserve(ctx, keys...), hashingError(err))
	} else if err != nil {
		return nil, err
	}
	attempt.Result, attempt.CreatedAt = result, s.now()
	if result != console.SignInSuccess {
		return nil, s.refuse(ctx, in, attempt, console.ErrBadCredentials)
	}
	var signed *SignedIn
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		// The organization first, as every change to its users locks it:
		// the same order everywhere, so no two transactions deadlock.
		if err := q.LockOrg(ctx, user.OrgID); err != nil {
			return err
		}
		if err := s.stillValid(ctx, q, user, attempt); err != nil {
			return err
		}
		if err := s.settle(ctx, q, keys...); err != nil {
			return err
		}
		if err := q.InsertSignInAttempt(ctx, attempt); err != nil {
			return err
		}
		if in.PreviousToken != "" {
			if err := q.DeleteSessionByTokenHash(ctx, hashToken(in.PreviousToken)); err != nil {
				return err
			}
		}
		signed, err = s.startSession(ctx, q, user, in.Client)
		return err
	})
	if errors.Is(err, errCredentialsMoved) {
		return nil, s.refuse(ctx, in, attempt, console.ErrBadCredentials)
	}
	if err == nil {
		metrics.SignIns.WithLabelValues(string(console.SignInSuccess)).Inc()
	}
	return signed, err
}

// errCredentialsMoved: the password or status checked changed before the
// session could start.
var errCredentialsMoved = errors.New("credentials changed during sign-in")

// stillValid checks, under the organization's lock, that the password
// verified and the Active status are still the user's: a reset or a
// deactivation committed while the password was being checked ends
// every session, and this one must not start after it. It sets the
// attempt's result to the true reason when not.
func (s *Service) stillValid(ctx context.Context, q *store.Queries, u *console.User, attempt *console.SignInAttempt) error {
	hash, status, err := q.UserCredentials(ctx, u.OrgID, u.ID)
	if console.KindOf(err) == console.KindNotFound {
		attempt.Result, attempt.UserID = console.SignInUnknownEmail, ""
		return errCredentialsMoved
	} else if err != nil {
		return err
	}
	switch {
	case status == console.StatusInactive:
		attempt.Result = console.SignInInactive
	case status != console.StatusActive:
		attempt.Result = console.SignInInvited
	case hash != u.PasswordHash:
		attempt.Result = console.SignInWrongPassword
	default:
		return nil
	}
	return errCredentialsMoved
}

// signInFieldsGiven names every empty field of a sign-in at once
// (KindInvalid). An empty field is no guess: it tells nothing about any
// account, so it is neither throttled nor recorded as an attempt.
func signInFieldsGiven(in SignInInput) error {
	var errs console.FieldErrors
	if strings.TrimSpace(in.Org) == "" {
		errs.Add("org", "Enter your company.")
	}
	if strings.TrimSpace(in.Email) == "" {
		errs.Add("email", "Enter your email.")
	}
	if in.Password == "" {
		errs.Add("password", "Enter your password.")
	}
	return errs.Err()
}

// maxTypedEmail bounds what is kept of an email typed at sign-in, in bytes.
const maxTypedEmail = 320

// refuseThrottled records an attempt refused by the throttle, with the
// organization and user it named when they exist (found without hashing).
func (s *Service) refuseThrottled(ctx context.Context, in SignInInput, attempt *console.SignInAttempt, closed *throttled) error {
	if org, err := s.store.OrgBySlug(ctx, console.NormalizeSlug(in.Org)); err == nil {
		attempt.OrgID = org.ID
		if u, err := s.store.UserByEmail(ctx, org.ID, in.Email); err == nil {
			attempt.UserID = u.ID
		}
	}
	attempt.Result, attempt.CreatedAt = console.SignInThrottled, s.now()
	if closed.account {
		attempt.Result = console.SignInLocked
	}
	return s.refuse(ctx, in, attempt, tooManyAttempts(closed.wait))
}

// refuse records a failed attempt and returns answer.
func (s *Service) refuse(ctx context.Context, in SignInInput, attempt *console.SignInAttempt, answer error) error {
	if err := s.store.Tx(ctx, func(q *store.Queries) error { return q.InsertSignInAttempt(ctx, attempt) }); err != nil {
		return err
	}
	s.log.Info("sign-in refused", "org", in.Org, "result", attempt.Result, "ip", in.Client.IP)
	metrics.SignIns.WithLabelValues(string(attempt.Result)).Inc()
	return answer
}

// checkCredentials finds the user and verifies the password, always paying
// the cost of one password verification. It fills attempt's org and user.
func (s *Service) checkCredentials(ctx context.Context, in SignInInput, attempt *console.SignInAttempt) (*console.User, console.SignInResult, error) {
	org, err := s.store.OrgBySlug(ctx, console.NormalizeSlug(in.Org))
	if console.KindOf(err) == console.KindNotFound {
		return nil, console.SignInUnknownOrg, password.VerifyDummy(in.Password)
	} else if err != nil {
		return nil, "", err
	}
	attempt.OrgID = org.ID
	user, err := s.store.UserByEmail(ctx, org.ID, in.Email)
	if console.KindOf(err) == console.KindNotFound || (err == nil && user.PasswordHash == "") {
		if err := password.VerifyDummy(in.Password); err != nil {
			return nil, "", err
		}
		if err == nil {
			attempt.UserID = user.ID
			return nil, console.SignInInvited, nil
		}
		return nil, console.SignInUnknownEmail, nil
	} else if err != nil {
		return nil, "", err
	}
	attempt.UserID = user.ID
	ok, rehash, err := password.Verify(in.Password, user.PasswordHash)
	if errors.Is(err, password.ErrBusy) {
		return nil, "", err
	} else if err != nil {
		s.log.Error("stored password hash unreadable", "user", user.ID, "err", err)
	}
	// The status is the more useful reason for administrators, so it wins
	// over a wrong password; the password was verified all the same.
	switch {
	case user.Status == console.StatusInactive:
		return nil, console.SignInInactive, nil
	case user.Status == console.StatusInvited:
		return nil, console.SignInInvited, nil
	case !ok:
		return nil, console.SignInWrongPassword, nil
	}
	if rehash {
		s.upgradeHash(ctx, user, in.Password)
	}
	return user, console.SignInSuccess, nil
}

// upgradeHash re-hashes a password whose stored parameters are weaker than
// today's, unless it changed meanwhile, and keeps the new hash in u; a
// failure only delays the upgrade to the next sign-in.
func (s *Service) upgradeHash(ctx context.Context, u *console.User, plain string) {
	hash, err := password.Hash(plain)
	if err == nil {
		err = s.store.Tx(ctx, func(q *store.Queries) error { return q.UpgradeUserPassword(ctx, u.OrgID, u.ID, u.PasswordHash, hash) })
	}
	switch {
	case err == nil:
		u.PasswordHash = hash
	case console.KindOf(err) != console.KindNotFound: // not found: changed meanwhile, nothing to upgrade
		s.log.Warn("password hash upgrade failed", "user", u.ID, "err", err)
	}
}

// startSession creates a session for u with a brand-new token, in q, and
// records it as u's last sign-in.
func (s *Service) startSession(ctx context.Context, q *store.Queries, u *console.User, client console.Client) (*SignedIn, error) {
	now := s.now()
	sess := &console.Session{OrgID: u.OrgID, UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.Sessions.MaxAge), IP: client.IP, UserAgent: truncate(client.UserAgent, 512)}
	token, hash := newToken()
	if err := q.CreateSession(ctx, sess, hash); err != nil {
		return nil, err
	}
	// Every session start is a sign-in, by password or by a link (setup,
	// activation, reset): the dormant-accounts review counts from it.
	if err := q.RecordLogin(ctx, u.OrgID, u.ID, now); err != nil {
		return nil, err
	}
	actor := &console.Actor{OrgID: u.OrgID, UserID: u.ID, SessionID: sess.ID, Client: client}
	if err := s.audit(ctx, q, u.OrgID, actor, console.ActionUserSignIn, console.TargetSession, sess.ID, nil); err != nil {
		return nil, err
	}
	full, err := q.UserByID(ctx, u.OrgID, u.ID)
	if err != nil {
		return nil, err
	}
	perms, err := q.UserPermissions(ctx, u.OrgID, u.ID)
	if err != nil {
		return nil, err
	}
	org, err := q.OrgByID(ctx, u.OrgID)
	if err != nil {
		return nil, err
	}
	return &SignedIn{Token: token, CSRF: CSRFToken(token), Session: sess, User: full, Permissions: perms.Sorted(), OrgSlug: org.Slug}, nil
}

// truncate keeps at most n bytes of s as valid UTF-8, cut between
// characters: what a client typed is kept for the record, and PostgreSQL
// refuses invalid UTF-8.
func truncate(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
