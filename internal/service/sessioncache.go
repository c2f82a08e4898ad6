package service

import (
	"sync"

	"console/internal/console"
)

// maxCachedSessions bounds the session cache; when full it starts afresh.
const maxCachedSessions = 100000

// sessionCache keeps the sessions recently seen by this process, by token
// hash, each with the organization's authorization version it was read
// at. Ending a session, and any change to its user's status or identity,
// bumps that version in its own transaction, so a request may use a cached
// session only after reading the organization's current version and
// finding it unchanged: one small query instead of the session, user and
// organization join, and revocation still applies to the very next
// request on every Console process.
type sessionCache struct {
	mu       sync.Mutex
	sessions map[string]*cachedSession
}

// cachedSession is immutable once cached; a touch caches a new copy.
type cachedSession struct {
	session console.Session
	email   string
	version int64
}

func (c *sessionCache) get(tokenHash string) *cachedSession {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessions[tokenHash]
}

func (c *sessionCache) put(tokenHash string, cs *cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions == nil || len(c.sessions) >= maxCachedSessions {
		c.sessions = map[string]*cachedSession{}
	}
	c.sessions[tokenHash] = cs
}

func (c *sessionCache) drop(tokenHash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sessions, tokenHash)
}
