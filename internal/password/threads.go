package password

import (
	"runtime"
	"sync"
)

// Hashes run on threads of their own at a lower scheduling priority, with
// as many processors added to GOMAXPROCS (see SetHashers): Go's scheduler
// gives a goroutine the CPU for up to 10 ms before another may run, so on a
// small machine a request as cheap as GET /api/v1/me waited behind whole
// slices of hashing. With the hashes on their own processors, every other
// goroutine finds a processor free, and the kernel, which weighs the
// threads by priority, runs them first and gives the hashes what is left.
//
// Each thread is locked to its goroutine for good: when that goroutine
// ended, the thread would end with it rather than carry its priority over
// to other goroutines.
type hashThreads struct {
	mu      sync.Mutex
	started int
	work    chan func()
}

var threads = &hashThreads{work: make(chan func())}

// hashNiceness is the priority hashing threads take (nice 10: about a
// tenth of the CPU of an ordinary thread when both want it).
const hashNiceness = 10

// ensure starts threads until n exist.
func (t *hashThreads) ensure(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for ; t.started < n; t.started++ {
		go t.serve()
	}
}

func (t *hashThreads) serve() {
	runtime.LockOSThread()
	lowerThreadPriority(hashNiceness)
	for fn := range t.work {
		fn()
	}
}

// do runs fn on a hashing thread and waits for it. The caller holds a slot
// of the pool, and there are as many threads as slots, so one is free.
func (t *hashThreads) do(fn func()) {
	done := make(chan struct{})
	t.work <- func() {
		defer close(done)
		fn()
	}
	<-done
}

// baseProcs is GOMAXPROCS before any hashing processors were added.
var baseProcs = runtime.GOMAXPROCS(0)

// DefaultHashers is the pool's size unless set: one hasher per processor
// the process had at start (GOMAXPROCS, which follows the CPU count and
// any container CPU limit).
func DefaultHashers() int { return baseProcs }

// reserveProcessors makes GOMAXPROCS the base plus one per hasher, where
// the hashing threads can take a lower priority (Linux).
func reserveProcessors(hashers int) {
	if !canLowerPriority {
		return
	}
	runtime.GOMAXPROCS(baseProcs + min(hashers, 256))
}
