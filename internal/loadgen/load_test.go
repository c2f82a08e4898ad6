package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoadPacedSeesStall runs a paced load against a server that stalls
// once, every request waiting 500 ms: the requests that fell due during
// the stall waited for it too, and must count it. Measured from the send,
// only the two requests in flight saw it and the 99th percentile stayed
// under a millisecond. The bounds hold however slow the machine: falling
// behind only adds to the latencies from the due time.
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
	target, uri := mustTarget(t, srv.URL+"/")
	req := target.Request("GET", uri, "")
	l := &Load{Addr: target.Addr, Source: func(int) Source { return Fixed(req) }, Status: 200, Conns: 2, Rate: rate,
		Duration: total * time.Second / rate}
	res, err := l.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := res.Classes[0]
	if n := len(c.Latency); n != total || served.Load() != total {
		t.Errorf("measured %d requests, served %d, want %d: none skipped", n, served.Load(), total)
	}
	if p99, top := Percentile(c.Latency, 0.99), Percentile(c.Latency, 1); p99 < stall/2 || top < stall {
		t.Errorf("p99 %s, max %s: want the %s stall seen by more than 1%% of requests", p99, top, stall)
	}
	if p99 := Percentile(c.Service, 0.99); p99 >= stall/2 {
		t.Errorf("latency from the send: p99 %s, want it to hide the stall", p99)
	}
	if due := int(rate * stall.Seconds()); res.Late < due/2 {
		t.Errorf("%d requests sent late, want about the %d due during the stall", res.Late, due)
	}
}

// TestLoadCountsStatuses: without Status, every answer is counted by its
// status and class, the start of an error's body is kept, a server that
// closes the connection or never answers costs that exchange only, and a
// Source is told each answer.
func TestLoadCountsStatuses(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		switch {
		case r.URL.Path == "/fail" && i%7 == 0:
			w.Header().Set("Connection", "close")
			http.Error(w, "database is locked", http.StatusServiceUnavailable)
		case r.URL.Path == "/fail" && i%11 == 0:
			time.Sleep(300 * time.Millisecond) // longer than the Timeout
		case r.URL.Path == "/fail":
			w.WriteHeader(http.StatusConflict)
			fmt.Fprint(w, strings.Repeat("conflict ", 200)) // chunked, longer than is kept
		default:
			w.Header().Set("ETag", `"7"`)
			w.WriteHeader(http.StatusCreated)
		}
	}))
	defer srv.Close()
	target, _ := mustTarget(t, srv.URL)
	sources := make([]*alternate, 3)
	l := &Load{Addr: target.Addr, Conns: 3, Duration: 400 * time.Millisecond, Classes: 2, Timeout: 100 * time.Millisecond,
		Source: func(i int) Source {
			sources[i] = &alternate{reqs: [2][]byte{target.Request("GET", "/ok", ""), target.Request("POST", "/fail", "{}")}}
			return sources[i]
		}}
	res, err := l.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ok, fail := res.Classes[0], res.Classes[1]
	if ok.Errors() != 0 || ok.Statuses[201] == 0 || len(ok.Latency) != ok.Requests() {
		t.Errorf("class 0: %v, %d latencies", ok.Statuses, len(ok.Latency))
	}
	if fail.Statuses[409] == 0 || fail.Statuses[503] == 0 || fail.Statuses[0] == 0 || fail.Errors() != fail.Requests() {
		t.Errorf("class 1: %v", fail.Statuses)
	}
	if s := fail.Samples[409]; len(s) != 512 || !strings.HasPrefix(s, "conflict conflict") {
		t.Errorf("409 sample %q, want the first 512 bytes", s)
	}
	if s := fail.Samples[503]; s != "database is locked\n" {
		t.Errorf("503 sample %q", s)
	}
	if s := fail.Samples[0]; !strings.Contains(s, "timeout") {
		t.Errorf("no-answer sample %q, want the timeout", s)
	}
	for _, s := range sources {
		if s.etags == 0 {
			t.Errorf("a source was never told an ETag")
		}
	}
}

// alternate sends its two requests in turn, as classes 0 and 1.
type alternate struct {
	reqs  [2][]byte
	i     int
	etags int
}

func (a *alternate) Next() Request {
	a.i++
	return Request{Raw: a.reqs[a.i%2], Class: a.i % 2}
}

func (a *alternate) Answered(ans Answer) {
	if ans.ETag == `"7"` {
		a.etags++
	}
}

func TestRequest(t *testing.T) {
	target, uri := mustTarget(t, "http://example.test/a?b=c")
	got := string(target.Request("PATCH", uri, `{"x":1}`, "If-Match", `"3"`))
	want := "PATCH /a?b=c HTTP/1.1\r\nHost: example.test\r\nUser-Agent: test\r\nIf-Match: \"3\"\r\n" +
		"Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"x\":1}"
	if got != want || target.Addr != "example.test:80" {
		t.Errorf("got %q to %s, want %q", got, target.Addr, want)
	}
	if _, _, err := ParseTarget("https://example.test/", "test"); err == nil {
		t.Error("https accepted")
	}
}

func mustTarget(t *testing.T, rawURL string) (Target, string) {
	t.Helper()
	target, uri, err := ParseTarget(rawURL, "test")
	if err != nil {
		t.Fatal(err)
	}
	return target, uri
}
