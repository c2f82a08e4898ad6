package password

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// TestPoolBoundsAndOrder: one hasher, a queue of two: a third waiter is
// refused at once with ErrBusy, and the waiters run in arrival order.
func TestPoolBoundsAndOrder(t *testing.T) {
	p := newPool(1, 2)
	hold, running := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { _ = p.run(func() { close(running); <-hold }) })
	<-running
	var mu sync.Mutex
	var order []int
	for i := range 2 {
		wg.Go(func() {
			if err := p.run(func() { mu.Lock(); order = append(order, i); mu.Unlock() }); err != nil {
				t.Errorf("waiter %d: %v", i, err)
			}
		})
		waitQueued(t, p, int64(i+1))
		time.Sleep(20 * time.Millisecond) // counted, then parked on the channel: let it park before the next
	}
	if err := p.run(func() { t.Error("ran past a full queue") }); !errors.Is(err, ErrBusy) {
		t.Fatalf("over the queue: %v, want ErrBusy", err)
	}
	close(hold)
	wg.Wait()
	if len(order) != 2 || order[0] != 0 || order[1] != 1 {
		t.Fatalf("waiters ran in order %v, want [0 1]", order)
	}
	if p.queued.Load() != 0 {
		t.Fatalf("queued = %d after all ran", p.queued.Load())
	}
}

func waitQueued(t *testing.T, p *pool, n int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for p.queued.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("queued = %d, want %d", p.queued.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestHoldHashers: while held, every hash is refused; after, they work.
func TestHoldHashers(t *testing.T) {
	release := HoldHashers()
	if _, err := Hash("correct horse battery"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Hash while held: %v", err)
	}
	if err := VerifyDummy("x"); !errors.Is(err, ErrBusy) {
		t.Fatalf("VerifyDummy while held: %v", err)
	}
	release()
	if _, err := Hash("correct horse battery"); err != nil {
		t.Fatal(err)
	}
}
