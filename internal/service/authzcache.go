package service

import (
	"context"
	"sync"

	"console/internal/console"
)

// maxCachedUsers bounds the permission cache of one organization.
const maxCachedUsers = 20000

// authzCache keeps users' effective permissions per organization and
// authorization version. The version is read from the database on every
// request (with the session, in the same query), and every change to
// memberships, group permissions or statuses bumps it in its own
// transaction, so a cached entry is never used after such a change, on any
// Console process.
type authzCache struct {
	mu   sync.Mutex
	orgs map[string]*orgAuthz
}

type orgAuthz struct {
	version int64
	users   map[string]*userAuthz
}

// userAuthz is what the cache knows of one user.
type userAuthz struct {
	status console.Status
	perms  console.PermissionSet
	via    map[string][]console.GroupRef
}

func newUserAuthz(status console.Status, grants []console.Grant) *userAuthz {
	ua := &userAuthz{status: status, perms: console.PermissionSet{}, via: make(map[string][]console.GroupRef, len(grants))}
	for _, g := range grants {
		ua.perms[g.Permission] = struct{}{}
		ua.via[g.Permission] = g.Via
	}
	return ua
}

func (c *authzCache) get(orgID string, version int64, userID string) *userAuthz {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o := c.orgs[orgID]; o != nil && o.version == version {
		return o.users[userID]
	}
	return nil
}

// put stores ua, loaded after version was read, so it is at least that
// fresh. Entries of older versions are dropped; a late loader of an older
// version stores nothing.
func (c *authzCache) put(orgID string, version int64, userID string, ua *userAuthz) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.orgs == nil {
		c.orgs = map[string]*orgAuthz{}
	}
	o := c.orgs[orgID]
	if o == nil || o.version < version || len(o.users) >= maxCachedUsers {
		o = &orgAuthz{version: version, users: map[string]*userAuthz{}}
		c.orgs[orgID] = o
	}
	if o.version == version {
		o.users[userID] = ua
	}
}

// userAuthz returns a user's status and permissions as of version or later.
func (s *Service) userAuthz(ctx context.Context, orgID string, version int64, userID string) (*userAuthz, error) {
	if ua := s.authz.get(orgID, version, userID); ua != nil {
		return ua, nil
	}
	status, grants, err := s.store.UserAuthz(ctx, orgID, userID)
	if err != nil {
		return nil, err
	}
	ua := newUserAuthz(status, grants)
	s.authz.put(orgID, version, userID, ua)
	return ua, nil
}
