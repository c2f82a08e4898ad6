package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"console/internal/store/storetest"
)

// TestPprofOnItsOwnListener: --pprof-addr serves the profiling endpoints
// on a listener of its own; the public listener never does.
func TestPprofOnItsOwnListener(t *testing.T) {
	_, dsn := storetest.OpenSQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--pprof-addr", "127.0.0.1:0"}, env("CONSOLE_DB", dsn), nil, out, out)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	public := regexp.MustCompile(`msg="Console is running" url=(http://127\.0\.0\.1:\d+)`)
	debug := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)/debug/pprof/`)
	deadline := time.Now().Add(20 * time.Second)
	for !debug.MatchString(out.String()) || !public.MatchString(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start both listeners:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for base, want := range map[string]int{
		debug.FindStringSubmatch(out.String())[1]:  http.StatusOK,
		public.FindStringSubmatch(out.String())[1]: http.StatusNotFound,
	} {
		resp, err := http.Get(base + "/debug/pprof/")
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != want || want == http.StatusOK && !strings.Contains(body, "goroutine") {
			t.Errorf("%s/debug/pprof/: %d, want %d", base, resp.StatusCode, want)
		}
	}
}
