package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// tokenTouchEvery is how stale an API token's recorded last use may get:
// a token used many times a second is written at most once a minute, or
// at once when it is used from a new address.
const tokenTouchEvery = time.Minute

// errTokenRefused answers a Bearer secret that is not a live token. The
// caller holds the secret, so saying which of unknown, revoked, expired
// or suspended tells nothing to a stranger; an unknown one says only
// that.
func errTokenRefused(state console.APITokenState) error {
	msg := "This API token is not valid. Check the Authorization header: Bearer followed by the token."
	switch state {
	case console.TokenRevoked:
		msg = "This API token was revoked. Ask an administrator for a new one."
	case console.TokenExpired:
		msg = "This API token has expired. Ask an administrator for a new one."
	case console.TokenSuspended:
		msg = "This API token is suspended: the person who made it is no longer active in the organization."
	}
	return &console.Error{Kind: console.KindUnauthenticated, Message: msg}
}

// AuthenticateToken resolves an API token's secret (the part after
// "Bearer ") into an Actor holding the permissions of the token's groups
// as they are now. A secret that is not a live token is
// KindUnauthenticated with the reason (errTokenRefused). Each use records
// the time and address (at most once a minute per token, see
// tokenTouchEvery).
func (s *Service) AuthenticateToken(ctx context.Context, secret string, client console.Client) (*console.Actor, error) {
	if !strings.HasPrefix(secret, console.TokenPrefix) || len(secret) > 200 {
		return nil, errTokenRefused("")
	}
	t, version, err := s.store.APITokenForRequest(ctx, hashToken(secret))
	if console.KindOf(err) == console.KindNotFound {
		return nil, errTokenRefused("")
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if st := t.State(now); st != console.TokenActive {
		return nil, errTokenRefused(st)
	}
	perms, err := s.tokenPermissions(ctx, t, version)
	if err != nil {
		return nil, err
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= tokenTouchEvery || t.LastUsedIP != client.IP {
		if err := s.store.Tx(ctx, func(q *store.Queries) error { return q.TouchAPIToken(ctx, t.OrgID, t.ID, now, client.IP) }); err != nil {
			s.log.Warn("recording API token use", "err", err)
		}
	}
	return &console.Actor{OrgID: t.OrgID, TokenID: t.ID, TokenName: t.Name, Permissions: perms,
		Client: client, AuthzVersion: version}, nil
}

// tokenPermissions is what token t may do as of version: the permissions
// of its groups that its maker still holds. A maker who loses a
// permission (a group taken away, a permission removed from their group)
// takes it from their tokens on the next request, as they could no
// longer give it; tokens made by the console command have no maker and
// hold all their groups give.
func (s *Service) tokenPermissions(ctx context.Context, t *console.APIToken, version int64) (console.PermissionSet, error) {
	ua, err := s.tokenAuthz(ctx, t.OrgID, version, t.ID)
	if err != nil || t.CreatedBy == "" {
		return permsOf(ua), err
	}
	maker, err := s.userAuthz(ctx, t.OrgID, version, t.CreatedBy)
	if console.KindOf(err) == console.KindNotFound {
		return nil, errTokenRefused(console.TokenSuspended) // its maker's deletion is revoking it
	} else if err != nil {
		return nil, err
	}
	held := console.PermissionSet{}
	for p := range ua.perms {
		if maker.perms.Has(p) {
			held[p] = struct{}{}
		}
	}
	return held, nil
}

func permsOf(ua *userAuthz) console.PermissionSet {
	if ua == nil {
		return nil
	}
	return ua.perms
}

// tokenAuthz returns a token's permissions as of version or later, from
// the permission cache shared with people (keyed apart by a prefix that
// no user id has).
func (s *Service) tokenAuthz(ctx context.Context, orgID string, version int64, tokenID string) (*userAuthz, error) {
	key := "token:" + tokenID
	if ua := s.authz.get(orgID, version, key); ua != nil {
		return ua, nil
	}
	grants, err := s.store.TokenGrants(ctx, orgID, tokenID)
	if err != nil {
		return nil, err
	}
	ua := newUserAuthz(console.StatusActive, grants)
	s.authz.put(orgID, version, key, ua)
	return ua, nil
}

// NewAPIToken is what making an API token takes.
type NewAPIToken struct {
	Name string
	// Groups are group ids or names; at least one, at most
	// console.MaxTokenGroups.
	Groups []string
	// ExpiresAt, when set, must be in the future; nil never expires.
	ExpiresAt *time.Time
	// Unread are fields the face could not read (a date in another
	// format), reported with every other invalid field.
	Unread console.FieldErrors
}

// CreatedAPIToken is a token just made and its secret, which is shown
// this once and never stored.
type CreatedAPIToken struct {
	Token  *console.APIToken
	Secret string
}

// CreateAPIToken makes an API token for the actor's organization. It
// requires tokens:manage and a signed-in person (console.ErrPersonOnly
// for a token: tokens do not beget tokens, so every token traces back to
// a person or the server's operator). The actor must be able to grant
// every group the token carries (console.Actor.MayGrant): a token never
// holds what its maker could not give a person. Invalid input is
// KindInvalid naming each field at once; more than
// console.MaxTokensPerOrg live tokens is KindConflict.
func (s *Service) CreateAPIToken(ctx context.Context, actor *console.Actor, in NewAPIToken) (*CreatedAPIToken, error) {
	if err := actor.Require(console.PermTokensManage); err != nil {
		return nil, err
	}
	if !actor.IsPerson() {
		return nil, console.ErrPersonOnly
	}
	var out *CreatedAPIToken
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		maker, err := q.UserByID(ctx, actor.OrgID, actor.UserID)
		if err != nil {
			return err
		}
		t, err := s.newAPIToken(ctx, q, actor.OrgID, in, func(groups []*console.Group) error { return checkGrant(actor, groups) })
		if err != nil {
			return err
		}
		t.CreatedBy, t.CreatedByName, t.CreatorStatus = maker.ID, maker.DisplayName(), maker.Status
		out, err = s.storeAPIToken(ctx, q, actor, t)
		return err
	})
	return out, err
}

// CreateAPITokenAsOperator makes an API token for the organization with
// slug, as the server's operator (the console command): no person made
// it, so it is bounded by nothing but its groups and lives until revoked
// or expired. Errors as CreateAPIToken; an unknown slug is
// console.ErrNotFound.
func (s *Service) CreateAPITokenAsOperator(ctx context.Context, slug string, in NewAPIToken) (*CreatedAPIToken, error) {
	org, err := s.store.OrgBySlug(ctx, console.NormalizeSlug(slug))
	if err != nil {
		return nil, err
	}
	var out *CreatedAPIToken
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		t, err := s.newAPIToken(ctx, q, org.ID, in, func([]*console.Group) error { return nil })
		if err != nil {
			return err
		}
		t.CreatedByName = "console command"
		out, err = s.storeAPIToken(ctx, q, nil, t)
		return err
	})
	return out, err
}

// newAPIToken validates in (every field in one round) and resolves its
// groups, which may asks the maker to be allowed to give.
func (s *Service) newAPIToken(ctx context.Context, q *store.Queries, orgID string, in NewAPIToken, may func([]*console.Group) error) (*console.APIToken, error) {
	errs := append(console.FieldErrors{}, in.Unread...)
	name, err := console.ValidateTokenName(in.Name)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	now := s.now()
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		errs.Add("expires_at", "Choose a time in the future, or none for a token that does not expire.")
	}
	var groups []*console.Group
	switch refs := compactRefs(in.Groups); {
	case len(refs) == 0:
		errs.Add("groups", "Choose at least one group: a token holds only the permissions its groups give.")
	case len(refs) > console.MaxTokenGroups:
		errs.Add("groups", "Choose at most "+strconv.Itoa(console.MaxTokenGroups)+" groups.")
	default:
		if groups, err = s.resolveGroups(ctx, q, orgID, refs); err != nil {
			if console.KindOf(err) != console.KindInvalid {
				return nil, err
			}
			errs = append(errs, console.AsError(err).Fields...)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := may(groups); err != nil {
		return nil, err
	}
	n, err := q.CountLiveAPITokens(ctx, orgID, now)
	if err != nil {
		return nil, err
	}
	if n >= console.MaxTokensPerOrg {
		return nil, &console.Error{Kind: console.KindConflict, Message: "The organization has " + strconv.Itoa(n) +
			" API tokens, the most it may have. Revoke the ones no longer used first."}
	}
	t := &console.APIToken{OrgID: orgID, Name: name, CreatedAt: now, ExpiresAt: in.ExpiresAt}
	for _, g := range groups {
		t.Groups = append(t.Groups, console.GroupRef{ID: g.ID, Name: g.Name})
	}
	return t, nil
}

// storeAPIToken stores t with a fresh secret and records it.
func (s *Service) storeAPIToken(ctx context.Context, q *store.Queries, actor *console.Actor, t *console.APIToken) (*CreatedAPIToken, error) {
	// The prefix is part of the secret, so the hash is of the whole.
	secret, _ := newToken()
	secret = console.TokenPrefix + secret
	hash := hashToken(secret)
	if err := q.CreateAPIToken(ctx, t, hash); err != nil {
		return nil, err
	}
	details := map[string]string{"name": t.Name, "groups": refNames(t.Groups)}
	if actor == nil {
		details["made_by"] = "console token create"
	}
	if t.ExpiresAt != nil {
		details["expires_at"] = t.ExpiresAt.UTC().Format(time.RFC3339)
	}
	if err := s.audit(ctx, q, t.OrgID, actor, console.ActionTokenCreate, console.TargetAPIToken, t.ID, details); err != nil {
		return nil, err
	}
	return &CreatedAPIToken{Token: t, Secret: secret}, nil
}

// ListAPITokens returns a page of the actor's organization's tokens,
// newest first, revoked ones included; requires tokens:manage. limit is 1
// to MaxPageSize (0: DefaultPageSize); a cursor not made by this list is
// KindInvalid naming "cursor".
func (s *Service) ListAPITokens(ctx context.Context, actor *console.Actor, cursor string, limit int) (*store.APITokenPage, error) {
	if err := actor.Require(console.PermTokensManage); err != nil {
		return nil, err
	}
	if cursor != "" && !store.ValidTokenCursor(cursor) {
		return nil, console.Invalid(console.FieldError{Field: "cursor", Message: "Use the next_cursor of the previous page."})
	}
	if limit <= 0 || limit > MaxPageSize {
		limit = DefaultPageSize
	}
	return s.store.ListAPITokens(ctx, actor.OrgID, cursor, limit)
}

// RevokeAPIToken revokes one of the organization's tokens: refused from
// its very next request, on every instance. Requires tokens:manage and
// every permission the token's groups give (console.Actor.MayActOn:
// nobody disarms what they could not have made), except for a token
// revoking itself, which any token may (one found leaked). An unknown
// token is console.ErrNotFound; revoking a revoked token changes nothing
// and is not an error.
func (s *Service) RevokeAPIToken(ctx context.Context, actor *console.Actor, id string) error {
	self := actor != nil && actor.TokenID != "" && actor.TokenID == id
	if !self {
		if err := actor.Require(console.PermTokensManage); err != nil {
			return err
		}
	}
	if !store.ValidID(id) {
		return console.ErrNotFound
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		t, err := q.APITokenByID(ctx, actor.OrgID, id)
		if err != nil || t.RevokedAt != nil {
			return err
		}
		if !self {
			grants, err := q.TokenGrants(ctx, actor.OrgID, id)
			if err != nil {
				return err
			}
			perms := make([]string, len(grants))
			for i, g := range grants {
				perms[i] = g.Permission
			}
			if err := actor.MayActOn("the API token "+t.Name, perms); err != nil {
				return err
			}
		}
		if err := q.RevokeAPIToken(ctx, actor.OrgID, id, s.now(), "revoked"); err != nil {
			return err
		}
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionTokenRevoke, console.TargetAPIToken, id, map[string]string{"name": t.Name})
	})
}

// revokeTokensOf revokes, in q's transaction, every token that u made:
// called when u is deleted, so that no secret they saw outlives them.
func (s *Service) revokeTokensOf(ctx context.Context, q *store.Queries, actor *console.Actor, u *console.User) error {
	ids, err := q.RevokeAPITokensOf(ctx, u.OrgID, u.ID, s.now(), "creator deleted")
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.audit(ctx, q, u.OrgID, actor, console.ActionTokenRevoke, console.TargetAPIToken, id,
			map[string]string{"reason": "The person who made it was deleted."}); err != nil {
			return err
		}
	}
	return nil
}

// compactRefs trims refs and drops empty and repeated ones.
func compactRefs(refs []string) []string {
	out := make([]string, 0, len(refs))
	seen := map[string]bool{}
	for _, r := range refs {
		if r = strings.TrimSpace(r); r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func refNames(groups []console.GroupRef) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	return strings.Join(names, ", ")
}

// GetAPIToken returns one of the organization's tokens; requires
// tokens:manage. An unknown token is console.ErrNotFound.
func (s *Service) GetAPIToken(ctx context.Context, actor *console.Actor, id string) (*console.APIToken, error) {
	if err := actor.Require(console.PermTokensManage); err != nil {
		return nil, err
	}
	if !store.ValidID(id) {
		return nil, console.ErrNotFound
	}
	return s.store.APITokenByID(ctx, actor.OrgID, id)
}

// TokenGroups returns the groups a token may be given, by name, with
// their permissions; requires tokens:manage. The maker may give only
// those they could grant a person (see CreateAPIToken).
func (s *Service) TokenGroups(ctx context.Context, actor *console.Actor) ([]*console.Group, error) {
	if err := actor.Require(console.PermTokensManage); err != nil {
		return nil, err
	}
	return s.store.ListGroups(ctx, actor.OrgID)
}
