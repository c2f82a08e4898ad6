package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
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
// latencies of the requests sent after the warmup.
func (l *load) run(ctx context.Context) (*result, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	start := time.Now()
	measureFrom, end := start.Add(l.warmup), start.Add(l.warmup+l.duration)
	lat := make([][]time.Duration, l.conns)
	var wg sync.WaitGroup
	for i := range l.conns {
		wg.Go(func() {
			var err error
			lat[i], err = l.connection(ctx, start, measureFrom, end)
			if err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return nil, err
	}
	return newResult(lat, l.duration), nil
}

// connection sends requests on one keep-alive connection until end. When
// paced, its requests are due every conns/rate seconds from a random
// offset; a request due while the previous one is still out goes as soon
// as that one is answered.
func (l *load) connection(ctx context.Context, start, measureFrom, end time.Time) ([]time.Duration, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", l.addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	r := bufio.NewReaderSize(c, 16<<10)
	var every time.Duration
	next := start
	if l.rate > 0 {
		every = time.Duration(float64(l.conns) / l.rate * float64(time.Second))
		next = start.Add(rand.N(every))
	}
	lat := make([]time.Duration, 0, 1<<16)
	for {
		if every > 0 {
			time.Sleep(time.Until(next))
			next = next.Add(every)
		}
		sent := time.Now()
		if !sent.Before(end) {
			return lat, nil
		}
		if _, err := c.Write(l.request); err != nil {
			return lat, err
		}
		if err := l.readResponse(r); err != nil {
			return lat, err
		}
		if sent.After(measureFrom) {
			lat = append(lat, time.Since(sent))
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
