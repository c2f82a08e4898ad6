package bench_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// BenchmarkUsersList measures GET /api/v1/users?limit=50 from 8 clients
// over HTTP on an organization of 10,000 users, on each engine: the page
// an administrator opens most. Profile it with -cpuprofile.
//
//	go test -run '^$' -bench UsersList -benchtime 20000x ./internal/bench/
func BenchmarkUsersList(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			app := apptest.Start(b, e, apptest.Options{})
			org := app.CreateOrg(b, "acme")
			addUsers(b, app.Server.Store, org.Created.Org.ID, 10000)
			const clients = 8
			callers := make([]*caller, clients)
			for i := range callers {
				callers[i] = newCaller(b, app)
			}
			lat := make([][]time.Duration, clients)
			b.ResetTimer()
			var wg sync.WaitGroup
			for i, c := range callers {
				wg.Go(func() { lat[i] = c.get(b, app.URL+"/api/v1/users?limit=50", b.N/clients+1) })
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			var all []time.Duration
			for _, l := range lat {
				all = append(all, l...)
			}
			report(b, all)
		})
	}
}

// addUsers adds n Active users with a name each, a thousand per transaction.
func addUsers(b *testing.B, st *store.Store, orgID string, n int) {
	ctx := context.Background()
	now := time.Now()
	for start := 0; start < n; start += 1000 {
		err := st.Tx(ctx, func(q *store.Queries) error {
			for i := start; i < min(start+1000, n); i++ {
				u := &console.User{OrgID: orgID, Email: "person" + strconv.Itoa(i) + "@acme.test", Name: "Person " + strconv.Itoa(i),
					Status: console.StatusActive, CreatedAt: now.Add(time.Duration(i) * time.Millisecond)}
				if err := q.CreateUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func (c *caller) get(b *testing.B, url string, n int) []time.Duration {
	lat := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		resp, err := c.client.Get(url)
		if err != nil {
			b.Error(err)
			return lat
		}
		var out map[string]any
		decode(b, resp, &out)
		lat = append(lat, time.Since(start))
		if resp.StatusCode != http.StatusOK {
			b.Errorf("GET %s: %d", url, resp.StatusCode)
			return lat
		}
	}
	return lat
}
