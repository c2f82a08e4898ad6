package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"console/internal/loadgen"
)

// TestLoad runs the load against a real server and checks that every
// request arrived whole and every answer was read whole.
func TestLoad(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != "POST" || string(body) != `{"a":1}` || r.Header.Get("X-Token") != "t" {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		served.Add(1)
		w.Write(bytes.Repeat([]byte("x"), 3000))
	}))
	defer srv.Close()

	var out strings.Builder
	args := []string{"-url", srv.URL + "/check?x=1", "-method", "POST", "-body", `{"a":1}`, "-header", "X-Token: t",
		"-c", "4", "-d", "300ms", "-warmup", "100ms"}
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	if served.Load() == 0 || !strings.Contains(out.String(), "p99 ") {
		t.Fatalf("served %d, printed:\n%s", served.Load(), out.String())
	}
}

// TestLoadStopsOnWrongStatus refuses to report latencies of errors.
func TestLoadStopsOnWrongStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer srv.Close()
	err := run(context.Background(), []string{"-url", srv.URL, "-d", "200ms", "-warmup", "0s"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("err = %v, want the 403 named", err)
	}
}

// TestLoadPaced sends exactly rate × duration requests: none skipped,
// none added.
func TestLoadPaced(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Add(1) }))
	defer srv.Close()
	var out strings.Builder
	if err := run(context.Background(), []string{"-url", srv.URL, "-c", "2", "-rate", "200", "-d", "500ms", "-warmup", "0s"}, &out); err != nil {
		t.Fatal(err)
	}
	if n := served.Load(); n != 100 || !strings.Contains(out.String(), "requests 100 ") {
		t.Fatalf("served %d requests, want 100; printed:\n%s", n, out.String())
	}
}

// TestLoadPacedStops returns soon after the context ends, even while
// every connection waits for a request that is due much later.
func TestLoadPacedStops(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := run(ctx, []string{"-url", srv.URL, "-c", "2", "-rate", "1", "-d", "1m", "-warmup", "0s"}, io.Discard)
	if err == nil || time.Since(start) > 10*time.Second {
		t.Fatalf("err = %v after %s, want the context's error, soon", err, time.Since(start))
	}
}

// TestFloorServer loads the do-nothing server.
func TestFloorServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- loadgen.ServeFloor(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	args := []string{"-url", "http://" + ln.Addr().String() + "/", "-c", "2", "-d", "100ms", "-warmup", "0s"}
	if err := run(context.Background(), args, io.Discard); err != nil {
		t.Fatal(err)
	}
}
