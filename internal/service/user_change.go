package service

import (
	"context"
	"net/url"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// changeUser runs change on a user of the actor's organization in one
// transaction, after checking the actor's permission, that the actor holds
// every permission the user's groups give (see checkOutranks), and that
// the user's status allows the action (console.KindConflict otherwise).
func (s *Service) changeUser(ctx context.Context, actor *console.Actor, perm, id string, action console.UserAction, change func(q *store.Queries, u *console.User) error) error {
	if err := actor.Require(perm); err != nil {
		return err
	}
	if !store.ValidID(id) {
		return console.ErrNotFound
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		if err := q.LockOrg(ctx, actor.OrgID); err != nil {
			return err
		}
		u, err := q.UserByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := checkOutranks(ctx, q, actor, u); err != nil {
			return err
		}
		if err := u.Status.CheckAction(action); err != nil {
			return err
		}
		return change(q, u)
	})
}

// userAndOrg loads a user and its organization for a job.
func (s *Service) userAndOrg(ctx context.Context, q store.Reads, orgID, userID string) (*console.User, *console.Org, error) {
	u, err := q.UserByID(ctx, orgID, userID)
	if err != nil {
		return nil, nil, err
	}
	org, err := q.OrgByID(ctx, orgID)
	return u, org, err
}

// mintToken replaces the user's unused tokens of purpose with a new one
// living ttl and returns the link that carries it and the token's hash.
func (s *Service) mintToken(ctx context.Context, q *store.Queries, u *console.User, purpose store.TokenPurpose, ttl time.Duration, path string) (link, hash string, expires time.Time, err error) {
	if err := q.DeleteUnusedTokens(ctx, u.OrgID, u.ID, purpose, s.now()); err != nil {
		return "", "", time.Time{}, err
	}
	return s.mintFirstToken(ctx, q, u, purpose, ttl, path)
}

// mintFirstToken is mintToken for a user created in the transaction q,
// who has no link to end.
func (s *Service) mintFirstToken(ctx context.Context, q *store.Queries, u *console.User, purpose store.TokenPurpose, ttl time.Duration, path string) (link, hash string, expires time.Time, err error) {
	token, hash := newToken()
	now := s.now()
	expires = now.Add(ttl)
	if err := q.CreateUserToken(ctx, u.OrgID, u.ID, purpose, hash, now, expires); err != nil {
		return "", "", time.Time{}, err
	}
	return s.link(path, url.Values{"token": {token}}), hash, expires, nil
}

// ignoreNotFound treats a vanished row as nothing left to do.
func ignoreNotFound(err error) error {
	if console.KindOf(err) == console.KindNotFound {
		return nil
	}
	return err
}

// checkVersion refuses a change made from version when the item is at
// current (console.StaleVersion, naming current): 0 stands for "any
// version".
func checkVersion(version, current int64) error {
	if version != 0 && version != current {
		return console.StaleVersion(current)
	}
	return nil
}

// checkOutranks refuses to let actor act on u (edit, deactivate,
// reactivate, delete, send a password reset, resend or cancel an
// invitation) when u's groups give a permission the actor lacks (see
// console.Actor.MayActOn). Permissions count whatever u's status, since
// reactivating or activating brings them back.
func checkOutranks(ctx context.Context, q *store.Queries, actor *console.Actor, u *console.User) error {
	perms, err := q.UserPermissions(ctx, u.OrgID, u.ID)
	if err != nil {
		return err
	}
	return actor.MayActOn(u.DisplayName(), perms.Sorted())
}
