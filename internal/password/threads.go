package password

import "runtime"

// While a hash runs, it holds a processor (a P of Go's scheduler) for its
// whole 30-40 ms, and Go lets a goroutine run 10 ms before another may
// take its processor: with one hasher per CPU, every other request, even
// GET /api/v1/me, waited in those slices (p99 80 ms under sign-in load on
// two cores). SetHashers therefore adds one processor per hasher to
// GOMAXPROCS. The hashes can then never hold every processor: the other
// goroutines always find one free, and the kernel shares the cores between
// their threads and the hashing ones in its own short time slices.

// baseProcs is GOMAXPROCS before any processors were added for hashing.
var baseProcs = runtime.GOMAXPROCS(0)

// DefaultHashers is the pool's size unless set: one hasher per processor
// the process had at start (GOMAXPROCS, which follows the CPU count and
// any container CPU limit).
func DefaultHashers() int { return baseProcs }

// reserveProcessors makes GOMAXPROCS the base plus one per hasher.
func reserveProcessors(hashers int) {
	runtime.GOMAXPROCS(baseProcs + min(hashers, 256))
}
