package loadgen

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

// conn sends the requests of one Source on one keep-alive connection.
type conn struct {
	*Load
	ctx    context.Context
	src    Source
	res    *connResult
	r      *bufio.Reader
	keep   []byte // the start of the body of an answer outside 2xx
	broken bool   // the connection must be dialled again before the next request
	stop   func() bool

	mu sync.Mutex // guards nc against the context's end
	nc net.Conn
}

func newConn(ctx context.Context, l *Load, nc net.Conn, src Source, res *connResult) *conn {
	c := &conn{Load: l, ctx: ctx, src: src, res: res, nc: nc, r: bufio.NewReaderSize(nc, 16<<10), keep: make([]byte, 0, 512)}
	res.classes = make([]classResult, l.classes())
	for i := range res.classes {
		res.classes[i].latency = make([]time.Duration, 0, (1<<16)/len(res.classes))
	}
	c.stop = context.AfterFunc(ctx, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.nc.SetDeadline(time.Now())
	})
	return c
}

func (c *conn) close() {
	c.stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nc.Close()
}

func (c *conn) run(ctx context.Context, w window, sched *schedule) error {
	if c.Rate > 0 {
		return c.paced(ctx, w, sched)
	}
	return c.flatOut(w)
}

// flatOut sends each request as soon as the previous answer is read, and
// measures from the send: a closed loop.
func (c *conn) flatOut(w window) error {
	for time.Now().Before(w.end) {
		req := c.src.Next()
		sent := time.Now()
		ans, err := c.exchange(req)
		if err != nil {
			return err
		}
		if sent.After(w.measureFrom) {
			c.res.record(req.Class, ans, time.Since(sent), -1)
		}
		c.src.Answered(ans)
	}
	return nil
}

// exchange sends req and reads its answer. Its error ends the run: any
// failure when Status is set, only the end of the run or a failure to
// dial again when not (the failed exchange is then answered with Err).
func (c *conn) exchange(req Request) (Answer, error) {
	if c.broken {
		if err := c.redial(); err != nil {
			return Answer{}, err
		}
	}
	if c.Timeout > 0 {
		c.nc.SetDeadline(time.Now().Add(c.Timeout))
		if c.ctx.Err() != nil { // the deadline set when it ended is overwritten
			return Answer{}, context.Cause(c.ctx)
		}
	}
	ans, err := c.roundTrip(req)
	if err == nil || c.Status != 0 || c.ctx.Err() != nil {
		return ans, err
	}
	c.broken = true
	return Answer{Err: err}, nil
}

// redial replaces a connection the server closed or that failed.
func (c *conn) redial() error {
	nc, err := (&net.Dialer{}).DialContext(c.ctx, "tcp", c.Addr)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.nc.Close()
	c.nc = nc
	c.mu.Unlock()
	if c.ctx.Err() != nil {
		nc.SetDeadline(time.Now())
	}
	c.r.Reset(nc)
	c.broken = false
	return nil
}

func (c *conn) roundTrip(req Request) (Answer, error) {
	if _, err := c.nc.Write(req.Raw); err != nil {
		return Answer{}, err
	}
	return c.readResponse()
}

// readResponse reads one answer, with a Content-Length or chunked, and
// checks its status when Status is set.
func (c *conn) readResponse() (Answer, error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return Answer{}, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return Answer{}, fmt.Errorf("bad status line %q", line)
	}
	code, _ := strconv.Atoi(string(line[9:12]))
	if c.Status != 0 && code != c.Status {
		return Answer{}, fmt.Errorf("answer %s, want %d", bytes.TrimSpace(line), c.Status)
	}
	ans := Answer{Status: code}
	h, err := c.readHeader(&ans)
	if err != nil {
		return ans, err
	}
	c.keep = c.keep[:0]
	if code < 200 || code > 299 {
		ans.Body = c.keep[:0:cap(c.keep)]
	}
	switch {
	case code < 200 || code == 204 || code == 304:
	case h.chunked:
		err = readChunks(c.r, &ans.Body)
	case h.length < 0:
		err = fmt.Errorf("answer with neither Content-Length nor chunked encoding")
	default:
		err = skip(c.r, h.length, &ans.Body)
	}
	c.broken = c.broken || h.close
	return ans, err
}

// header is what readHeader keeps of an answer's header.
type header struct {
	length  int
	chunked bool
	close   bool // Connection: close
}

func (c *conn) readHeader(ans *Answer) (header, error) {
	h := header{length: -1}
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return h, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			return h, nil
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			h.length, _ = strconv.Atoi(string(value))
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			h.chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			h.close = bytes.EqualFold(value, []byte("close"))
		case bytes.EqualFold(name, []byte("ETag")):
			ans.ETag = string(value)
		}
	}
}

// readChunks reads a chunked body and its (empty) trailer.
func readChunks(r *bufio.Reader, keep *[]byte) error {
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
		if err := skip(r, int(n), keep); err != nil {
			return err
		}
		if err := skip(r, 2, nil); err != nil {
			return err
		}
	}
}

// skip reads n bytes of body, keeping what fits of them in *keep's spare
// capacity when keep is not nil.
func skip(r *bufio.Reader, n int, keep *[]byte) error {
	if keep != nil {
		if k := min(cap(*keep)-len(*keep), n); k > 0 {
			b := (*keep)[:len(*keep)+k]
			if _, err := io.ReadFull(r, b[len(*keep):]); err != nil {
				return unexpected(err)
			}
			*keep, n = b, n-k
		}
	}
	_, err := r.Discard(n)
	return unexpected(err)
}

func unexpected(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}
