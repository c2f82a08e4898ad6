package mail

import (
	"net"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// DefaultMaxIdle is how many idle connections an SMTPSender keeps for reuse until SetMaxIdle
// says otherwise.
const DefaultMaxIdle = 2

const (
	// maxConnMessages is how many messages one connection carries before it is closed;
	// servers may cap this and refuse the rest.
	maxConnMessages = 100
	// maxIdleTime is how long a connection may wait in the pool. RFC 5321 asks servers to
	// wait 5 minutes for a command (Postfix: 300 s, but 10 s when overloaded); a connection
	// dropped earlier is noticed by Send before the message leaves (see retryable).
	maxIdleTime = 30 * time.Second
	// quitTimeout bounds the QUIT exchange when a connection is closed politely.
	quitTimeout = 2 * time.Second
)

// SetMaxIdle sets how many idle connections s keeps open for later Sends (DefaultMaxIdle
// until it is called); set it to the number of goroutines that call Send at once, such as
// the email job workers. It limits idle connections only: n Sends at once still use n
// connections. n <= 0 turns reuse off: every Send opens and closes its own connection.
// Idle connections beyond n are closed before SetMaxIdle returns (see Close for how long
// that may take). It is safe to call at any time.
func (s *SMTPSender) SetMaxIdle(n int) {
	s.pool.setMaxIdle(n)
}

// Close closes the idle connections, sending QUIT and waiting at most 2 s in all for the
// answers, and turns reuse off: a Send still running, or started later, closes its
// connection when it returns. Call it on shutdown, ideally after the last Send. It always
// returns nil; the error result makes SMTPSender an io.Closer. Calling it again does
// nothing more.
func (s *SMTPSender) Close() error {
	s.pool.close()
	return nil
}

// conn is one open SMTP connection. It has its own go-mail Client, which keeps state about
// its connection, so two Sends never share either.
type conn struct {
	client    *gomail.Client
	smtp      *smtp.Client
	raw       net.Conn // closed by Send when its ctx ends
	stopDial  func() bool
	sent      int // messages the server accepted over it
	idleSince time.Time
}

// pool keeps up to maxIdle idle connections, newest last, and closes those idle for idleTime.
type pool struct {
	mu       sync.Mutex
	idle     []*conn
	maxIdle  int
	idleTime time.Duration // how long a connection may stay idle
	maxSent  int           // messages per connection
	closed   bool
	reaper   *time.Timer // closes expired connections while some are idle
}

func newPool() *pool {
	return &pool{maxIdle: DefaultMaxIdle, idleTime: maxIdleTime, maxSent: maxConnMessages}
}

// get returns the most recently used idle connection, or nil if none has been idle for less
// than idleTime. It closes the expired ones.
func (p *pool) get() *conn {
	p.mu.Lock()
	if n := len(p.idle); n > 0 && time.Since(p.idle[n-1].idleSince) < p.idleTime {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c
	}
	expired := p.idle // the newest has expired, so all have
	p.idle = nil
	p.mu.Unlock()
	go quitAll(expired) // in the background, so as not to delay Send
	return nil
}

// put keeps c for reuse, unless it has carried maxSent messages, the pool is full or closed;
// then it closes c in the background, so that Send need not wait for the QUIT exchange.
func (p *pool) put(c *conn) {
	p.mu.Lock()
	if p.closed || c.sent >= p.maxSent || len(p.idle) >= p.maxIdle {
		p.mu.Unlock()
		go quitAll([]*conn{c})
		return
	}
	c.idleSince = time.Now()
	p.idle = append(p.idle, c)
	if len(p.idle) == 1 {
		p.schedule(p.idleTime)
	}
	p.mu.Unlock()
}

// schedule runs reap after d; p.mu is held.
func (p *pool) schedule(d time.Duration) {
	if p.reaper == nil {
		p.reaper = time.AfterFunc(d, p.reap)
		return
	}
	p.reaper.Reset(d)
}

// reap closes the connections idle for idleTime or longer and runs again when the oldest of
// the others expires.
func (p *pool) reap() {
	p.mu.Lock()
	now := time.Now()
	n := 0
	for n < len(p.idle) && now.Sub(p.idle[n].idleSince) >= p.idleTime {
		n++
	}
	expired := p.idle[:n:n]
	p.idle = p.idle[n:]
	if len(p.idle) > 0 && !p.closed {
		p.schedule(p.idle[0].idleSince.Add(p.idleTime).Sub(now))
	}
	p.mu.Unlock()
	quitAll(expired)
}

// setMaxIdle changes the pool's size, closing the idle connections beyond n.
func (p *pool) setMaxIdle(n int) {
	p.mu.Lock()
	p.maxIdle = max(n, 0)
	var excess []*conn
	if len(p.idle) > p.maxIdle {
		excess = p.idle[:len(p.idle)-p.maxIdle] // the oldest
		p.idle = p.idle[len(excess):]
	}
	p.mu.Unlock()
	quitAll(excess)
}

// close closes the idle connections and makes put close every connection from now on.
func (p *pool) close() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	if p.reaper != nil {
		p.reaper.Stop()
	}
	p.mu.Unlock()
	quitAll(idle)
}

// quitAll says QUIT on each of conns and closes them, waiting at most quitTimeout in all.
func quitAll(conns []*conn) {
	deadline := time.Now().Add(quitTimeout)
	for _, c := range conns {
		_ = c.raw.SetDeadline(deadline)
	}
	for _, c := range conns {
		_ = c.smtp.Quit()
		_ = c.raw.Close()
	}
}
