package mailtest

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
)

// listener remembers the connections it accepted and not yet closed, so that Stop can close
// idle ones that the server would otherwise keep open until its read timeout, and numbers
// them so that tests can tell which connection carried a message.
type listener struct {
	net.Listener
	accepted *atomic.Int64 // connections accepted so far, shared across restarts
	mu       sync.Mutex
	conns    map[*conn]struct{}
}

func newListener(l net.Listener, accepted *atomic.Int64) *listener {
	return &listener{Listener: l, accepted: accepted, conns: map[*conn]struct{}{}}
}

func (l *listener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &conn{Conn: nc, l: l, id: int(l.accepted.Add(1))}
	l.mu.Lock()
	l.conns[c] = struct{}{}
	l.mu.Unlock()
	return c, nil
}

// closeConns closes every connection still open, first writing an SMTP reply with code
// unless code is 0.
func (l *listener) closeConns(code int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		if code != 0 {
			_, _ = fmt.Fprintf(c.Conn, "%d mailtest: closing connection as asked\r\n", code)
		}
		_ = c.Conn.Close()
		delete(l.conns, c)
	}
}

// open returns how many accepted connections are not closed yet.
func (l *listener) open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns)
}

// conn leaves its listener's set when closed.
type conn struct {
	net.Conn
	l  *listener
	id int // 1 for the first connection a Catcher accepted, 2 for the next, ...
}

func (c *conn) Close() error {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}
