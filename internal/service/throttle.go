package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// throttleKey is one thing guessing is counted against.
type throttleKey struct {
	id     string // what the database keeps: a hash
	policy console.ThrottlePolicy
	// account keys are cleared by a success; address keys only give back
	// the failure that was reserved for it.
	account bool
}

// accountKey is the key of an account as typed at sign-in: the company
// slug and the email's canonical form, whether or not such a user exists,
// so a throttled answer says nothing about existence.
func accountKey(org, email string) throttleKey {
	return throttleKey{id: hashKey("account", console.NormalizeSlug(org), console.EmailKey(email)),
		policy: console.AccountThrottle, account: true}
}

// addressKey is the key of a client address. IPv6 clients are counted by
// their /64, which one subscriber usually holds whole.
func addressKey(ip string) throttleKey {
	if a, err := netip.ParseAddr(ip); err == nil && a.Unmap().Is6() {
		p, _ := a.Prefix(64)
		ip = p.String()
	}
	return throttleKey{id: hashKey("address", ip), policy: console.AddressThrottle}
}

func hashKey(kind string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil))
}

// throttled is the refusal of an attempt under closed keys: the longest
// wait among them, and whether an account key is one of them.
type throttled struct {
	wait    time.Duration
	account bool
}

// longer adds key, closed for wait (open when 0), to the refusal t: the
// client is told the longest wait, the one that matters.
func (t *throttled) longer(key throttleKey, wait time.Duration) *throttled {
	if wait <= 0 {
		return t
	}
	if t == nil {
		t = &throttled{}
	}
	t.wait, t.account = max(t.wait, wait), t.account || key.account
	return t
}

// reserve counts one failure under every key before the attempt is made,
// in one transaction: of many concurrent attempts, only as many go ahead
// as the policies allow. A success settles the count afterwards (see
// settle). When a key is closed nothing is counted, and the refusal says
// which key and for how long.
func (s *Service) reserve(ctx context.Context, keys ...throttleKey) (*throttled, error) {
	var closed *throttled
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		now := s.now()
		states := make([]console.ThrottleState, len(keys))
		for i, k := range keys {
			st, err := q.LockThrottle(ctx, k.id)
			if err != nil {
				return err
			}
			states[i] = k.policy.Current(st, now)
			closed = closed.longer(k, k.policy.RetryAfter(st, now))
		}
		if closed != nil {
			return nil
		}
		for i, k := range keys {
			if err := q.SetThrottle(ctx, k.id, console.ThrottleState{Failures: states[i].Failures + 1, LastFailure: now}); err != nil {
				return err
			}
		}
		return nil
	})
	return closed, err
}

// settle records, in the transaction of a successful attempt, that the
// failure reserved for it did not happen: account keys start afresh,
// address keys give one failure back.
func (s *Service) settle(ctx context.Context, q *store.Queries, keys ...throttleKey) error {
	for _, k := range keys {
		if k.account {
			if err := q.SetThrottle(ctx, k.id, console.ThrottleState{}); err != nil {
				return err
			}
			continue
		}
		if err := giveBack(ctx, q, k); err != nil {
			return err
		}
	}
	return nil
}

// giveBack takes back one failure counted under k, in q.
func giveBack(ctx context.Context, q *store.Queries, k throttleKey) error {
	st, err := q.LockThrottle(ctx, k.id)
	if err != nil {
		return err
	}
	st.Failures--
	return q.SetThrottle(ctx, k.id, st)
}

// linkKey is the key of a client address presenting activation and reset
// links: a budget of its own, so that old links clicked in an office do
// not slow its sign-ins.
func linkKey(ip string) throttleKey {
	k := addressKey(ip)
	k.id = "link-" + k.id
	return k
}

// guardLink runs lookup, which reports whether a presented link works,
// unless the client's address presented too many dead ones; a dead link
// counts as a failure of the address. Links carry 256 random bits, so
// this only stops a client from hammering the lookup.
func (s *Service) guardLink(ctx context.Context, client console.Client, lookup func() (bool, error)) error {
	key := linkKey(client.IP)
	closed, err := s.reserve(ctx, key)
	if err != nil {
		return err
	}
	if closed != nil {
		return tooManyAttempts(closed.wait)
	}
	ok, err := lookup()
	if err != nil || !ok {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Queries) error { return s.settle(ctx, q, key) })
}

// clearAccount lifts the throttle of a user's account, in q: a password
// reset proves the person holds the mailbox.
func (s *Service) clearAccount(ctx context.Context, q *store.Queries, orgSlug, email string) error {
	return q.SetThrottle(ctx, accountKey(orgSlug, email).id, console.ThrottleState{})
}

// tooManyAttempts is the answer to a throttled attempt; it reads the same
// whether or not the account exists.
func tooManyAttempts(wait time.Duration) error {
	if wait == console.Hold {
		return &console.Error{Kind: console.KindRateLimited, RetryAfter: time.Hour,
			Message: "Too many failed attempts. Reset your password with \"Forgot password?\" to sign in again."}
	}
	return &console.Error{Kind: console.KindRateLimited, RetryAfter: wait,
		Message: "Too many attempts. Try again in " + humanWait(wait) + "."}
}

// humanWait says how long to wait, rounded up to a unit people read.
func humanWait(d time.Duration) string {
	switch {
	case d <= time.Minute:
		return plural(int((d+time.Second-1)/time.Second), "second")
	case d <= 2*time.Hour:
		return plural(int((d+time.Minute-1)/time.Minute), "minute")
	}
	return plural(int((d+time.Hour-1)/time.Hour), "hour")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// throttleRetention is how long a quiet key is kept: longer than any
// policy remembers failures.
const throttleRetention = 31 * 24 * time.Hour

// unreserve gives back the failure reserve counted under each key for an
// attempt that was not made (the password hashing queue was full).
func (s *Service) unreserve(ctx context.Context, keys ...throttleKey) error {
	return s.store.Tx(ctx, func(q *store.Queries) error {
		for _, k := range keys {
			if err := giveBack(ctx, q, k); err != nil {
				return err
			}
		}
		return nil
	})
}
