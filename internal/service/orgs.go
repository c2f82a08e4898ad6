package service

import (
	"context"
	"net/url"

	"console/internal/console"
	"console/internal/password"
	"console/internal/store"
)

// CreateOrgInput describes a new organization and its first administrator.
type CreateOrgInput struct {
	Slug       string
	Name       string
	AdminEmail string
	AdminName  string
	// AdminPassword, when set, makes the administrator Active at once;
	// otherwise the administrator is Invited and ActivationURL is returned.
	AdminPassword string
}

// CreatedOrg is the outcome of CreateOrg.
type CreatedOrg struct {
	Org           *console.Org
	Admin         *console.User
	ActivationURL string
}

// CreateOrg creates an organization with the built-in groups and its first
// administrator in Administrators, all in one transaction. It is the
// operator's action (command line, first-run setup), so it takes no actor.
func (s *Service) CreateOrg(ctx context.Context, in CreateOrgInput) (*CreatedOrg, error) {
	in.Slug = console.NormalizeSlug(in.Slug)
	admin, err := s.newAdmin(in, nil)
	if err != nil {
		return nil, err
	}
	out := &CreatedOrg{Org: &console.Org{Slug: in.Slug, Name: in.Name, CreatedAt: s.now()}, Admin: admin}
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		token, err := s.createOrgTx(ctx, q, out)
		if token != "" {
			out.ActivationURL = s.link("/activate", url.Values{"token": {token}})
		}
		return err
	})
	if console.KindOf(err) == console.KindConflict {
		return nil, console.Invalid(console.FieldError{Field: "slug", Message: "This company slug is taken; choose another."})
	}
	return out, err
}

// newAdmin validates the organization's and the administrator's fields,
// reporting them with errs (those the caller found already) in one error,
// and hashes the password once every field is valid.
func (s *Service) newAdmin(in CreateOrgInput, errs console.FieldErrors) (*console.User, error) {
	if err := console.ValidateOrg(in.Slug, in.Name); err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	email, err := console.ValidateEmail("admin_email", in.AdminEmail)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	if in.AdminName != "" { // an Invited administrator chooses it when activating
		if in.AdminName, err = console.ValidateName("admin_name", in.AdminName); err != nil {
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	u := &console.User{Email: email, Name: in.AdminName, Status: console.StatusInvited}
	if in.AdminPassword != "" {
		if err := password.Check(in.AdminPassword, email, in.AdminName, in.Slug, in.Name); err != nil {
			errs.Add("admin_password", err.Error())
		}
		u.Status = console.StatusActive
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if u.Status == console.StatusActive {
		hash, err := password.Hash(in.AdminPassword)
		if err != nil {
			return nil, hashingError(err)
		}
		u.PasswordHash = hash
	}
	return u, nil
}

// createOrgTx writes the organization, its built-in groups and the admin;
// it returns the activation token when the admin is Invited.
func (s *Service) createOrgTx(ctx context.Context, q *store.Queries, out *CreatedOrg) (string, error) {
	now := out.Org.CreatedAt
	if err := q.CreateOrg(ctx, out.Org); err != nil {
		return "", err
	}
	var adminsID string
	for _, spec := range console.BuiltInGroups {
		g := &console.Group{OrgID: out.Org.ID, Name: spec.Name, Description: spec.Description, BuiltIn: spec.Key,
			Permissions: spec.Permissions, CreatedAt: now}
		if err := q.CreateGroup(ctx, g); err != nil {
			return "", err
		}
		if spec.Key == console.GroupAdministrators {
			adminsID = g.ID
		}
	}
	u := out.Admin
	u.OrgID, u.CreatedAt = out.Org.ID, now
	if u.Status == console.StatusActive {
		u.ActivatedAt = &now
	}
	if err := q.CreateUser(ctx, u); err != nil {
		return "", err
	}
	if err := q.AddMember(ctx, out.Org.ID, u.ID, adminsID, now); err != nil {
		return "", err
	}
	u.Groups = []console.GroupRef{{ID: adminsID, Name: "Administrators"}}
	if err := s.audit(ctx, q, out.Org.ID, nil, console.ActionOrgCreate, console.TargetOrg, out.Org.ID, map[string]string{"slug": out.Org.Slug}); err != nil {
		return "", err
	}
	if err := s.audit(ctx, q, out.Org.ID, nil, console.ActionUserCreate, console.TargetUser, u.ID, map[string]string{"status": string(u.Status)}); err != nil {
		return "", err
	}
	if u.Status != console.StatusInvited {
		return "", nil
	}
	token, hash := newToken()
	return token, q.CreateUserToken(ctx, u.OrgID, u.ID, store.PurposeInvitation, hash, now, now.Add(out.Org.InvitationTTL))
}
