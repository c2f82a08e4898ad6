package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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

// TestLoadPacedSeesStall runs a paced load against a server that stalls
// once, every request waiting 500 ms: the requests that fell due during
// the stall waited for it too, and must count it. Measured from the send,
// as before, only the two requests in flight saw it and the 99th
// percentile stayed under a millisecond. The bounds hold however slow the
// machine: falling behind only adds to the latencies from the due time.
func TestLoadPacedSeesStall(t *testing.T) {
	const stall, rate, total = 500 * time.Millisecond, 400, 600
	var served atomic.Int64
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1) >= total/6 {
			once.Do(func() { time.Sleep(stall) }) // every request meanwhile waits in Do
		}
	}))
	defer srv.Close()
	req, addr, err := buildRequest(srv.URL+"/", "GET", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &load{addr: addr, request: req, status: 200, conns: 2, rate: rate, duration: total * time.Second / rate}
	res, err := l.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	res.print(&out, l)
	t.Log(out.String())
	if n := len(res.latency); n != total || served.Load() != total {
		t.Errorf("measured %d requests, served %d, want %d: none skipped", n, served.Load(), total)
	}
	if p99, top := percentile(res.latency, 0.99), percentile(res.latency, 1); p99 < stall/2 || top < stall {
		t.Errorf("p99 %s, max %s: want the %s stall seen by more than 1%% of requests", p99, top, stall)
	}
	if p99 := percentile(res.service, 0.99); p99 >= stall/2 {
		t.Errorf("latency from the send: p99 %s, want it to hide the stall", p99)
	}
	if due := int(rate * stall.Seconds()); res.late < due/2 {
		t.Errorf("%d requests sent late, want about the %d due during the stall", res.late, due)
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
	go func() { done <- serveFloor(ctx, ln) }()
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
