package console

import (
	"math"
	"time"
)

// ThrottlePolicy decides how long guessing must pause after a run of
// failures under one key (an account, a client address). It follows NIST
// SP 800-63B §5.2.2 (rev. 4: §3.2.2), "Rate Limiting (Throttling)": no more
// than 100 consecutive failures per account, with growing waits and a
// temporary lock well before that, so that a stranger can slow a person
// down but never lock them out for good (the lock does not stop a
// password reset, and a reset clears it); and OWASP ASVS 5.0 V6.3.1
// (brute force and credential stuffing are throttled) and V6.1.1 (the
// limits are documented: see the README, "Throttling").
type ThrottlePolicy struct {
	// Free is how many failures in a row cost no wait.
	Free int
	// FirstWait follows failure Free+1 and doubles with each failure
	// until LockAt.
	FirstWait time.Duration
	// LockAt failures lock the key for Lock, doubling with each further
	// failure up to MaxLock.
	LockAt  int
	Lock    time.Duration
	MaxLock time.Duration
	// HoldAt failures (0: never) lock the key until it is cleared by a
	// success or a password reset, however long that takes.
	HoldAt int
	// Forget drops the failures of a key whose last failure is older; a
	// held key is never forgotten.
	Forget time.Duration
}

// Hold is the wait of a key held until cleared.
const Hold = time.Duration(math.MaxInt64)

// The policies in force, documented in the README.
var (
	// AccountThrottle guards one account (company and email as typed,
	// whether or not such a user exists, so it reveals nothing): waits of
	// 15 s to 4 min from the 5th failure, a 15-minute lock at the 10th
	// growing to 4 hours, and a hold at the 100th.
	AccountThrottle = ThrottlePolicy{Free: 4, FirstWait: 15 * time.Second, LockAt: 10,
		Lock: 15 * time.Minute, MaxLock: 4 * time.Hour, HoldAt: 100, Forget: 30 * 24 * time.Hour}
	// AddressThrottle guards one client address (an IPv6 /64) across every
	// account and link: 20 failures free, then waits from 1 s, a
	// 15-minute lock at the 30th growing to an hour; forgotten after two
	// quiet hours. It is looser than the account's because an office
	// shares one address.
	AddressThrottle = ThrottlePolicy{Free: 20, FirstWait: time.Second, LockAt: 30,
		Lock: 15 * time.Minute, MaxLock: time.Hour, Forget: 2 * time.Hour}
)

// Wait is how long after the n-th failure in a row the next attempt must
// wait: 0 when it may go at once, Hold when only clearing the key helps.
func (p ThrottlePolicy) Wait(n int) time.Duration {
	switch {
	case p.HoldAt > 0 && n >= p.HoldAt:
		return Hold
	case n >= p.LockAt:
		return doubled(p.Lock, n-p.LockAt, p.MaxLock)
	case n > p.Free:
		return doubled(p.FirstWait, n-p.Free-1, p.Lock)
	}
	return 0
}

// doubled is d doubled times times, at most max.
func doubled(d time.Duration, times int, max time.Duration) time.Duration {
	for ; times > 0 && d < max; times-- {
		d *= 2
	}
	return min(d, max)
}

// ThrottleState is what is kept of a key: its failures in a row and when
// the last happened.
type ThrottleState struct {
	Failures    int
	LastFailure time.Time
}

// Current is the state as it counts at now: forgotten when quiet for long
// enough and not held.
func (p ThrottlePolicy) Current(st ThrottleState, now time.Time) ThrottleState {
	if st.Failures > 0 && p.Wait(st.Failures) != Hold && !now.Before(st.LastFailure.Add(p.Forget)) {
		return ThrottleState{}
	}
	return st
}

// RetryAfter is how long from now the key stays closed: 0 when an attempt
// may go ahead, Hold when only clearing it helps.
func (p ThrottlePolicy) RetryAfter(st ThrottleState, now time.Time) time.Duration {
	st = p.Current(st, now)
	wait := p.Wait(st.Failures)
	if wait == 0 || wait == Hold {
		return wait
	}
	return max(st.LastFailure.Add(wait).Sub(now), 0)
}
