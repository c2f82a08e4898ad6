// Package mailtest runs a real SMTP server in-process for tests and keeps every message it
// receives, parsed into its recipients, subject, text and HTML parts.
package mailtest

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Catcher is an SMTP server on 127.0.0.1 that keeps what it receives. It offers neither TLS
// nor authentication. All its methods are safe for concurrent use.
type Catcher struct {
	life sync.Mutex // serializes Stop and Restart

	mu       sync.Mutex // guards the fields below
	addr     string     // 127.0.0.1:PORT, fixed by Start
	srv      *smtp.Server
	ln       *listener
	served   chan struct{} // closed when srv.Serve has returned
	failCode int
	hangUp   bool
	delay    time.Duration
	msgs     []Received

	accepted atomic.Int64 // connections accepted since Start
}

// Start starts a Catcher listening on a free port of 127.0.0.1 and stops it at t.Cleanup.
// It calls t.Fatal when it cannot listen.
func Start(t testing.TB) *Catcher {
	t.Helper()
	c := &Catcher{}
	if err := c.listen("127.0.0.1:0"); err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	t.Cleanup(c.Stop)
	return c
}

// URL returns the catcher's address as "smtp://127.0.0.1:PORT" (no auth, no TLS). It stays
// the same across Stop and Restart.
func (c *Catcher) URL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return "smtp://" + c.addr
}

// Stop closes the listener and every open connection and waits until the server's
// goroutines have returned: connections are refused afterwards. Received messages are
// kept. Stopping a stopped catcher does nothing.
func (c *Catcher) Stop() {
	c.life.Lock()
	defer c.life.Unlock()
	c.mu.Lock()
	srv, ln, served := c.srv, c.ln, c.served
	c.srv, c.ln, c.served = nil, nil, nil
	c.mu.Unlock()
	if srv == nil {
		return
	}
	_ = ln.Close()
	<-served // no Accept runs any more, so every connection is in ln
	ln.closeConns(0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx) // waits for the connection handlers to return
}

// Restart listens again on the same port after Stop, retrying for up to 5 s while the port
// is not yet free, and calls t.Fatal if it stays taken. Restarting a running catcher does
// nothing.
func (c *Catcher) Restart(t testing.TB) {
	t.Helper()
	c.life.Lock()
	defer c.life.Unlock()
	c.mu.Lock()
	running, addr := c.srv != nil, c.addr
	c.mu.Unlock()
	if running {
		return
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := c.listen(addr)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: restart: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// FailWith makes every later RCPT and DATA command answer code (400 to 599, e.g. 451 for a
// temporary or 550 for a permanent failure); 0 accepts messages again. Other codes panic.
func (c *Catcher) FailWith(code int) {
	if code != 0 && (code < 400 || code > 599) {
		panic(fmt.Sprintf("mailtest: FailWith(%d): code must be 0 or 400-599", code))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failCode = code
}

// Delay makes every later RCPT command wait d before it is answered, as a slow or stuck
// server does; 0 answers at once again and ends the waits in progress.
func (c *Catcher) Delay(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.delay = d
}

// wait sleeps as Delay asks, checking every 10 ms whether it was lifted.
func (c *Catcher) wait() {
	start := time.Now()
	for {
		c.mu.Lock()
		d := c.delay
		c.mu.Unlock()
		if time.Since(start) >= d {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// HangUpAfterData makes the catcher, while on is true, keep every later message it receives
// and then close the connection instead of answering 250, as a server that crashes right
// after queuing a message does: the client cannot know that the message was accepted.
func (c *Catcher) HangUpAfterData(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hangUp = on
}

// Connections returns how many connections the catcher has accepted since Start, across
// Stop and Restart. Received.Conn numbers them from 1.
func (c *Catcher) Connections() int {
	return int(c.accepted.Load())
}

// OpenConnections returns how many accepted connections are still open on the server's side;
// a connection the client closed counts until the server has noticed, shortly after.
func (c *Catcher) OpenConnections() int {
	c.mu.Lock()
	ln := c.ln
	c.mu.Unlock()
	if ln == nil {
		return 0
	}
	return ln.open()
}

// DropConnections closes every open connection, as a server does with connections idle past
// its timeout, while still accepting new ones. With code (400 to 599, e.g. 421) it first sends
// that reply unasked, as Postfix does ("421 4.4.2 timeout exceeded"); with 0 it just closes.
// Other codes panic. Use it while no message is being transferred.
func (c *Catcher) DropConnections(code int) {
	if code != 0 && (code < 400 || code > 599) {
		panic(fmt.Sprintf("mailtest: DropConnections(%d): code must be 0 or 400-599", code))
	}
	c.mu.Lock()
	ln := c.ln
	c.mu.Unlock()
	if ln != nil {
		ln.closeConns(code)
	}
}

// Messages returns copies of all messages received so far, in arrival order.
func (c *Catcher) Messages() []Received {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Received, len(c.msgs))
	for i, m := range c.msgs {
		out[i] = m.clone()
	}
	return out
}

// WaitFor polls every 10 ms until at least n messages addressed to `to` (an envelope
// recipient, compared case-insensitively) have arrived, and returns all of them in arrival
// order. On timeout it calls t.Fatal with a listing of everything that did arrive.
func (c *Catcher) WaitFor(t testing.TB, to string, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		all := c.Messages()
		got := addressedTo(all, to)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: waited %v for %d message(s) to %s, got %d; received:\n%s",
				timeout, n, to, len(got), listing(all))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func addressedTo(msgs []Received, to string) []Received {
	var out []Received
	for _, m := range msgs {
		for _, rcpt := range m.To {
			if strings.EqualFold(rcpt, to) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

func listing(msgs []Received) string {
	if len(msgs) == 0 {
		return "  (nothing)"
	}
	var b strings.Builder
	for i, m := range msgs {
		fmt.Fprintf(&b, "  %d. from %s to %s: %q\n", i+1, m.From, strings.Join(m.To, ", "), m.Subject)
	}
	return b.String()
}

// listen starts a fresh server on addr; a go-smtp Server cannot be reused once closed.
func (c *Catcher) listen(addr string) error {
	nl, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ln := newListener(nl, &c.accepted)
	srv := c.newServer()
	served := make(chan struct{})
	c.mu.Lock()
	c.addr, c.srv, c.ln, c.served = nl.Addr().String(), srv, ln, served
	c.mu.Unlock()
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	return nil
}

func (c *Catcher) newServer() *smtp.Server {
	srv := smtp.NewServer(smtp.BackendFunc(func(sc *smtp.Conn) (smtp.Session, error) {
		nc, _ := sc.Conn().(*conn) // the catcher offers no STARTTLS, so it stays ours
		return &session{c: c, conn: nc}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	srv.AllowInsecureAuth = false
	srv.ErrorLog = log.New(io.Discard, "", 0)
	return srv
}

// failure returns the SMTP error set by FailWith, or nil.
func (c *Catcher) failure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failCode == 0 {
		return nil
	}
	return &smtp.SMTPError{
		Code:         c.failCode,
		EnhancedCode: smtp.EnhancedCodeNotSet,
		Message:      fmt.Sprintf("mailtest: failing with %d as asked", c.failCode),
	}
}

// add keeps r and reports whether to hang up instead of answering (see HangUpAfterData).
func (c *Catcher) add(r Received) (hangUp bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, r)
	return c.hangUp
}

// Count returns how many messages the catcher has received, without copying them.
func (c *Catcher) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.msgs)
}
