package password

import (
	"errors"
	"sync"
	"sync/atomic"
)

// ErrBusy is returned by Hash, Verify and VerifyDummy when MaxQueued
// hashes are already waiting for a hasher: the caller should answer
// "try again shortly" (HTTP 503 with Retry-After) rather than let the
// queue, and the memory each hash takes, grow without bound.
var ErrBusy = errors.New("password: too many password hashes waiting")

// pool bounds how many Argon2id hashes run at once (each takes Memory KiB,
// 19 MiB by default, and a CPU for its duration) and how many may wait.
// Waiters are served in arrival order: a buffered channel wakes blocked
// senders first in, first out.
type pool struct {
	mu      sync.RWMutex
	slots   chan struct{}
	queued  atomic.Int64
	maxWait int64
}

var hashers = newPool(DefaultHashers(), 0)

// DefaultQueuePerHasher is how many hashes may wait per hasher when
// SetHashers is given no queue length: at about 35 ms a hash, a full
// queue is about a second of work.
const DefaultQueuePerHasher = 32

func newPool(n, queue int) *pool {
	n = max(n, 1)
	if queue <= 0 {
		queue = DefaultQueuePerHasher * n
	}
	return &pool{slots: make(chan struct{}, n), maxWait: int64(queue)}
}

// SetHashers sets how many hashes run at once (at least 1; the CPU count
// by default) and how many may wait beyond those (0: 32 per hasher)
// before ErrBusy. Call it before hashing starts, e.g. at start-up.
//
// It also makes GOMAXPROCS n more than at start (see reserveProcessors).
func SetHashers(n, queue int) {
	p := newPool(n, queue)
	reserveProcessors(cap(p.slots))
	hashers.mu.Lock()
	hashers.slots, hashers.maxWait = p.slots, p.maxWait
	hashers.mu.Unlock()
}

// Hashers reports the pool's size and queue bound, and how many hashes
// wait now.
func Hashers() (size, queue, waiting int) {
	hashers.mu.RLock()
	defer hashers.mu.RUnlock()
	return cap(hashers.slots), int(hashers.maxWait), int(hashers.queued.Load())
}

// run runs fn when a hasher is free, or returns ErrBusy when the queue is
// full.
func (p *pool) run(fn func()) error {
	p.mu.RLock()
	slots, maxWait := p.slots, p.maxWait
	p.mu.RUnlock()
	select {
	case slots <- struct{}{}:
	default:
		if p.queued.Add(1) > maxWait {
			p.queued.Add(-1)
			return ErrBusy
		}
		slots <- struct{}{}
		p.queued.Add(-1)
	}
	defer func() { <-slots }()
	fn()
	return nil
}

// HoldHashers takes every hasher and the whole queue, so that every hash
// fails with ErrBusy until release is called: what a saturated instance
// answers, for tests of that answer. It waits for running hashes to end.
func HoldHashers() (release func()) {
	hashers.mu.RLock()
	slots, maxWait := hashers.slots, hashers.maxWait
	hashers.mu.RUnlock()
	for range cap(slots) {
		slots <- struct{}{}
	}
	hashers.queued.Add(maxWait)
	return func() {
		hashers.queued.Add(-maxWait)
		for range cap(slots) {
			<-slots
		}
	}
}
