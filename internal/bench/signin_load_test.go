package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/password"
	"console/internal/store"
	"console/internal/store/storetest"
)

// BenchmarkSignInLoad signs in from 16 clients at once over HTTP for
// b.N sign-ins in all, while one more client reads GET /api/v1/me, with
// one password hasher per CPU and with 64 (as good as unbounded), and
// reports: sign-ins per second against the raw argon2id rate measured
// right after in the same process (one hash per CPU at once: the
// ceiling), their p50/p99, /me's p99 meanwhile, and the process's peak
// resident memory.
//
//	go test -run '^$' -bench SignInLoad -benchtime 400x -count 3 ./internal/bench/
func BenchmarkSignInLoad(b *testing.B) {
	for _, hashers := range []int{password.DefaultHashers(), 64} {
		name := "hashers=cpus"
		if hashers == 64 {
			name = "hashers=64" // as good as unbounded at 16 clients: as before the pool
		}
		b.Run(name, func(b *testing.B) {
			password.SetHashers(hashers, 0)
			defer password.SetHashers(password.DefaultHashers(), 0)
			benchSignInLoad(b)
		})
	}
}

func benchSignInLoad(b *testing.B) {
	e := storetest.Engines()[0] // SQLite; the hashing, not the database, is what is measured
	app := apptest.Start(b, e, apptest.Options{TrustedProxies: "127.0.0.1"})
	org := app.CreateOrg(b, "acme")
	me := newCaller(b, app)
	const clients = 16
	// One account and one address per client, as 16 people signing in:
	// the throttle holds simultaneous attempts on one account.
	hash, err := password.Hash(org.AdminPassword)
	if err != nil {
		b.Fatal(err)
	}
	err = app.Server.Store.Tx(context.Background(), func(q *store.Queries) error {
		for i := range clients {
			now := app.Clock.Now()
			u := &console.User{OrgID: org.Created.Org.ID, Email: fmt.Sprintf("person%d@acme.test", i), Status: console.StatusActive,
				PasswordHash: hash, CreatedAt: now, ActivatedAt: &now}
			if err := q.CreateUser(context.Background(), u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	var meLat []time.Duration
	stop := make(chan struct{})
	var meDone sync.WaitGroup
	meDone.Go(func() { meLat = me.until(b, app.URL, stop) })
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		body := []byte(fmt.Sprintf(`{"org":"acme","email":"person%d@acme.test","password":%q}`, i, org.AdminPassword))
		wg.Go(func() { lat[i] = signInLoop(b, app.URL, body, fmt.Sprintf("192.0.2.%d", i+1), &next, int64(b.N)) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(stop)
	meDone.Wait()
	all := slices.Concat(lat...)
	rate := float64(len(all)) / elapsed.Seconds()
	raw := rawHashRate(b, 3*time.Second)
	b.ReportMetric(rate, "signins/s")
	b.ReportMetric(raw, "raw-hashes/s")
	b.ReportMetric(rate/raw, "x-raw")
	slices.Sort(all)
	slices.Sort(meLat)
	b.ReportMetric(float64(all[len(all)*99/100].Milliseconds()), "p99-ms")
	b.ReportMetric(float64(all[len(all)/2].Milliseconds()), "p50-ms")
	if len(meLat) > 0 {
		b.ReportMetric(float64(meLat[len(meLat)*99/100].Microseconds())/1000, "me-p99-ms")
	}
	b.ReportMetric(peakRSSMB(b), "peak-RSS-MB")
}

func signInLoop(b *testing.B, base string, body []byte, ip string, next *atomic.Int64, n int64) []time.Duration {
	var lat []time.Duration
	for next.Add(1) <= n {
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		req, _ := http.NewRequest("POST", base+"/api/v1/session", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", ip)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return lat
		}
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if resp.StatusCode != http.StatusOK {
			b.Errorf("sign-in answered %d", resp.StatusCode)
			return lat
		}
	}
	return lat
}

// until reads /me until stop closes and returns the latencies.
func (c *caller) until(b *testing.B, base string, stop <-chan struct{}) []time.Duration {
	var lat []time.Duration
	for {
		select {
		case <-stop:
			return lat
		default:
		}
		start := time.Now()
		resp, err := c.client.Get(base + "/api/v1/me")
		if err != nil {
			b.Error(err)
			return lat
		}
		resp.Body.Close()
		lat = append(lat, time.Since(start))
	}
}

// rawHashRate is how many DefaultParams hashes per second the machine
// computes with one hashing goroutine per CPU, for d.
func rawHashRate(b *testing.B, d time.Duration) float64 {
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range password.DefaultHashers() {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if _, err := password.Hash("a long passphrase for the raw rate"); err != nil {
					b.Error(err)
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

// peakRSSMB reads the process's peak resident set (VmHWM) in MB, Linux only.
func peakRSSMB(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
