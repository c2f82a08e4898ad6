package service

import (
	"context"
	"net/url"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// setupLinkTTL bounds how long a printed setup link works.
const setupLinkTTL = 24 * time.Hour

// SetupLink returns a new one-time link that creates the first organization,
// or "" when an organization already exists.
func (s *Service) SetupLink(ctx context.Context) (string, error) {
	var link string
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		n, err := q.CountOrgs(ctx)
		if err != nil || n > 0 {
			return err
		}
		token, hash := newToken()
		now := s.now()
		link = s.link("/setup", url.Values{"token": {token}})
		return q.CreateSetupToken(ctx, hash, now, now.Add(setupLinkTTL))
	})
	return link, err
}

// SetUp reports whether the first organization exists: until then Console
// can only be set up, by the link `console serve` prints or `console org
// create`.
func (s *Service) SetUp(ctx context.Context) (bool, error) {
	n, err := s.store.CountOrgs(ctx)
	return n > 0, err
}

// SetupOpen reports whether token is a live setup link and no organization
// exists yet. Dead links count against the client's address like dead
// activation links (see guardLink).
func (s *Service) SetupOpen(ctx context.Context, token string, client console.Client) (bool, error) {
	open := false
	err := s.guardLink(ctx, client, func() (bool, error) {
		ok, err := s.store.SetupTokenValid(ctx, hashToken(token), s.now())
		if err != nil || !ok {
			return false, err
		}
		n, err := s.store.CountOrgs(ctx)
		open = n == 0
		return open, err
	})
	return open, err
}

// CompleteSetup creates the first organization and its Active administrator
// from a setup link, then signs the administrator in. Every setup link dies.
func (s *Service) CompleteSetup(ctx context.Context, token string, in CreateOrgInput, client console.Client) (*SignedIn, error) {
	if ok, err := s.SetupOpen(ctx, token, client); err != nil || !ok {
		return nil, firstErr(err, errSetupDead)
	}
	// Every invalid field is reported at once (newAdmin adds the others'),
	// and nothing is hashed while any is.
	var errs console.FieldErrors
	if in.AdminPassword == "" {
		errs.Add("admin_password", "Choose a password.")
	}
	name, err := console.ValidateName("admin_name", in.AdminName)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	in.AdminName = name // "" when invalid: newAdmin does not report it twice
	in.Slug = console.NormalizeSlug(in.Slug)
	admin, err := s.newAdmin(in, errs)
	if err != nil {
		return nil, err
	}
	out := &CreatedOrg{Org: &console.Org{Slug: in.Slug, Name: in.Name, CreatedAt: s.now()}, Admin: admin}
	var signed *SignedIn
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		// Using the link up first: of concurrent setups one goes on.
		if err := q.ConsumeSetupToken(ctx, hashToken(token), s.now()); console.KindOf(err) == console.KindNotFound {
			return errSetupDead
		} else if err != nil {
			return err
		}
		if n, err := q.CountOrgs(ctx); err != nil || n > 0 {
			return firstErr(err, console.Errorf(console.KindConflict, "Console is already set up."))
		}
		if err := q.DeleteSetupTokens(ctx); err != nil {
			return err
		}
		if _, err := s.createOrgTx(ctx, q, out); err != nil {
			return err
		}
		signed, err = s.startSession(ctx, q, admin, client)
		return err
	})
	return signed, err
}

var errSetupDead = console.Errorf(console.KindNotFound,
	"This setup link is no longer valid: Console is already set up, or the link expired. If you set it up, sign in with your company slug. For a new link, the person who runs Console starts it again on an empty database.")

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
