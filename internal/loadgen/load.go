// Package loadgen drives an HTTP/1.1 server from a fixed number of
// keep-alive connections and measures how long its answers take. It speaks
// just enough HTTP/1.1 to do so, to spend as little of the machine as it
// can on itself: on a small machine the load generator competes with the
// server it measures. cmd/console-load and cmd/console-bench use it.
//
// Without a rate, each connection sends its next request as soon as the
// previous answer is read whole (a closed loop), and latency runs from
// writing a request to reading the last byte of its answer.
//
// With a rate, request i is due at start + i/rate and goes on whichever
// connection is free first; its latency runs from that due time, not from
// when it could be written. A server that stalls holds every connection,
// the requests falling due meanwhile wait for one, and the wait counts:
// measured from the send, a 500 ms stall would show in a handful of
// requests only and vanish from the percentiles (coordinated omission). No
// request is skipped or moved to catch up; those sent after their due time
// are counted as late, and the run goes on past its duration until every
// request due within it has been answered. This is wrk2's correction, on a
// schedule shared by all connections.
package loadgen

import (
	"context"
	"net"
	"sync"
	"time"
)

// Load is one run: Conns keep-alive connections to Addr, each sending the
// requests of its own Source for Warmup+Duration.
type Load struct {
	Addr  string // host:port to dial
	Conns int
	// Rate is the requests per second over all connections, latency
	// measured from when each was due; 0 sends as fast as answered.
	Rate     float64
	Warmup   time.Duration // sent, not measured
	Duration time.Duration // measured
	// Source returns the requests connection i sends; it is called once
	// for each connection of a run.
	Source func(i int) Source
	// Classes is how many classes answers are counted under (Request.Class
	// is below it); 0 is taken as 1.
	Classes int
	// Status, when set, is the status every answer must have: any other
	// ends the run with an error. When 0, every answer is counted by its
	// status and the run goes on; an exchange that fails (the connection
	// closed, Timeout passed) is counted under status 0 and the connection
	// dialled again.
	Status int
	// Timeout, when set, bounds each exchange.
	Timeout time.Duration
}

// Request is one request as written on the wire (see Target.Request), and
// the class its answer is counted under.
type Request struct {
	Raw   []byte
	Class int
}

// Answer is what a Source is told of the answer to its last request.
type Answer struct {
	Status int    // 0: no answer, see Err
	ETag   string // the ETag header, if any
	// Body holds the first bytes (up to 512) of the body of an answer
	// outside 2xx; it is only valid until Answered returns.
	Body []byte
	Err  error // why there was no answer
}

// A Source makes the requests of one connection, one at a time: Answered
// is told the answer to each request Next returned before Next is called
// again. A connection's Source is used by that connection alone.
type Source interface {
	Next() Request
	Answered(Answer)
}

// Fixed is a Source that sends raw, of class 0, for ever.
func Fixed(raw []byte) Source { return fixed{Raw: raw} }

type fixed Request

func (f fixed) Next() Request { return Request(f) }
func (fixed) Answered(Answer) {}

// Run opens the connections, sends for Warmup+Duration and returns what
// was measured of the requests sent (or, when paced, due) after the
// warm-up. It fails when a connection cannot be opened, when Status is set
// and an answer has another, or when ctx ends.
func (l *Load) Run(ctx context.Context) (*Result, error) {
	conns, err := l.dial(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	w := window{start: time.Now()}
	w.measureFrom, w.end = w.start.Add(l.Warmup), w.start.Add(l.Warmup+l.Duration)
	sched := &schedule{start: w.start, rate: l.Rate}
	per := make([]connResult, len(conns))
	var wg sync.WaitGroup
	for i, nc := range conns {
		wg.Go(func() {
			c := newConn(ctx, l, nc, l.Source(i), &per[i])
			defer c.close()
			if err := c.run(ctx, w, sched); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return nil, err
	}
	return newResult(per, w, l), nil
}

func (l *Load) classes() int { return max(l.Classes, 1) }

// dial opens every connection before the clock starts, so that no
// request is due before there is a connection to send it on.
func (l *Load) dial(ctx context.Context) ([]net.Conn, error) {
	conns := make([]net.Conn, 0, l.Conns)
	for range l.Conns {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", l.Addr)
		if err != nil {
			for _, c := range conns {
				c.Close()
			}
			return nil, err
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// window is when a run starts, starts measuring and stops sending.
type window struct{ start, measureFrom, end time.Time }
