package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

type load struct {
	addr     string
	request  []byte
	status   int
	conns    int
	rate     float64
	warmup   time.Duration
	duration time.Duration
}

// run opens the connections, sends for warmup+duration and returns the
// latencies of the requests sent (or, when paced, due) after the warmup.
func (l *load) run(ctx context.Context) (*result, error) {
	conns, err := l.dial(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	w := window{start: time.Now()}
	w.measureFrom, w.end = w.start.Add(l.warmup), w.start.Add(l.warmup+l.duration)
	sched := &schedule{start: w.start, rate: l.rate}
	per := make([]connResult, len(conns))
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			defer c.Close()
			if err := l.connection(ctx, c, w, sched, &per[i]); err != nil {
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

// dial opens every connection before the clock starts, so that no
// request is due before there is a connection to send it on.
func (l *load) dial(ctx context.Context) ([]net.Conn, error) {
	conns := make([]net.Conn, 0, l.conns)
	for range l.conns {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", l.addr)
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

// connResult is what one connection measured.
type connResult struct {
	latency []time.Duration // paced: from the scheduled send time; flat out: from the send
	service []time.Duration // paced only: from the send
	late    int             // paced: requests taken by a connection only after they were due
	behind  time.Duration   // paced: the longest such a request had been due
	last    time.Time       // paced: when the last measured answer was read
}

// connection sends requests on one keep-alive connection until end.
func (l *load) connection(ctx context.Context, c net.Conn, w window, sched *schedule, res *connResult) error {
	context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	res.latency = make([]time.Duration, 0, 1<<16)
	rt := &roundTripper{load: l, conn: c, r: bufio.NewReaderSize(c, 16<<10)}
	if l.rate > 0 {
		res.service = make([]time.Duration, 0, 1<<16)
		return rt.paced(ctx, w, sched, res)
	}
	return rt.flatOut(w, res)
}

// roundTripper sends the request on one connection and reads its answer.
type roundTripper struct {
	*load
	conn net.Conn
	r    *bufio.Reader
}

func (rt *roundTripper) roundTrip() error {
	if _, err := rt.conn.Write(rt.request); err != nil {
		return err
	}
	return rt.readResponse(rt.r)
}

// flatOut sends each request as soon as the previous answer is read, and
// measures from the send: a closed loop.
func (rt *roundTripper) flatOut(w window, res *connResult) error {
	for {
		sent := time.Now()
		if !sent.Before(w.end) {
			return nil
		}
		if err := rt.roundTrip(); err != nil {
			return err
		}
		if sent.After(w.measureFrom) {
			res.latency = append(res.latency, time.Since(sent))
		}
	}
}

// readResponse reads one answer, with a Content-Length or chunked, and
// checks its status.
func (l *load) readResponse(r *bufio.Reader) error {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return fmt.Errorf("bad status line %q", line)
	}
	if code, _ := strconv.Atoi(string(line[9:12])); code != l.status {
		return fmt.Errorf("answer %s, want %d", bytes.TrimSpace(line), l.status)
	}
	length, chunked := -1, false
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			length, _ = strconv.Atoi(string(value))
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		}
	}
	switch {
	case chunked:
		return readChunks(r)
	case length < 0:
		return fmt.Errorf("answer with neither Content-Length nor chunked encoding")
	}
	return discard(r, length)
}

// readChunks reads a chunked body and its (empty) trailer.
func readChunks(r *bufio.Reader) error {
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 64)
		if err != nil {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 {
			_, err := r.ReadSlice('\n')
			return err
		}
		if err := discard(r, int(n)+2); err != nil {
			return err
		}
	}
}

func discard(r *bufio.Reader, n int) error {
	_, err := r.Discard(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}
