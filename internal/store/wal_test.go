package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// TestWALStaysBounded writes steadily while reads overlap so that one is
// always running, the load under which SQLite's own checkpoints never let
// the write-ahead log start again: with Console's checkpointer the log stays
// near its restart length; without it, it grows with every write.
func TestWALStaysBounded(t *testing.T) {
	bounded := walAfterLoad(t, 20*time.Millisecond)
	unbounded := walAfterLoad(t, 0)
	t.Logf("write-ahead log after the load: %d KiB with the checkpointer, %d KiB without", bounded>>10, unbounded>>10)
	// The log's file keeps its longest length (up to journal_size_limit):
	// with the checkpointer that is what a few checks' worth of writes
	// made, without it everything written.
	if bounded > 8<<20 || bounded*4 > unbounded {
		t.Errorf("write-ahead log grew to %d KiB with the checkpointer, %d KiB without; want under 8 MiB and a quarter of the other",
			bounded>>10, unbounded>>10)
	}
}

func walAfterLoad(t *testing.T, every time.Duration) int64 {
	defer store.SetWALRestart(every, 64)()
	path := filepath.Join(t.TempDir(), "console.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	org := &console.Org{Slug: "acme", Name: "Acme", CreatedAt: time.Now()}
	if err := st.Tx(context.Background(), func(q *store.Queries) error { return q.CreateOrg(context.Background(), org) }); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for r := range 3 { // staggered readers: one of them is always reading
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(r) * time.Millisecond)
			for ctx.Err() == nil {
				_, _ = st.ListUsers(context.Background(), org.ID, store.UserFilter{Limit: 200})
			}
		}()
	}
	for i := 0; ctx.Err() == nil; i++ {
		err := st.Tx(context.Background(), func(q *store.Queries) error {
			return q.CreateUser(context.Background(), &console.User{OrgID: org.ID, Email: fmt.Sprintf("u%d@acme.test", i),
				Name: fmt.Sprintf("User %d", i), Status: console.StatusActive, CreatedAt: time.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	info, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}
