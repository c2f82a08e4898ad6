package mail_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"console/internal/mail"
	"console/internal/mailtest"
)

// sendN sends n messages to `to` with subjects prefix-0, prefix-1, ... one after another.
func sendN(t *testing.T, s *mail.SMTPSender, to, prefix string, n int) {
	t.Helper()
	for i := range n {
		m := mail.Message{To: to, Subject: fmt.Sprintf("%s-%d", prefix, i), Text: "hello"}
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
}

// conns lists the connection number of each message the catcher received, in order.
func conns(c *mailtest.Catcher) []int {
	var out []int
	for _, m := range c.Messages() {
		out = append(out, m.Conn)
	}
	return out
}

// waitOpen waits up to 3 s until the catcher has want connections open.
func waitOpen(t *testing.T, c *mailtest.Catcher, want int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for c.OpenConnections() != want {
		if time.Now().After(deadline) {
			t.Fatalf("catcher has %d connections open, want %d", c.OpenConnections(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSequentialSendsReuseOneConnection(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	sendN(t, s, "ada@example.com", "seq", 5)
	if got := conns(c); fmt.Sprint(got) != "[1 1 1 1 1]" {
		t.Errorf("connections per message = %v, want all on connection 1", got)
	}
	if n := mail.IdleConns(s); n != 1 {
		t.Errorf("%d idle connections, want 1", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	waitOpen(t, c, 0)
	sendN(t, s, "ada@example.com", "after-close", 1) // still works, without reuse
	waitOpen(t, c, 0)
	if n := c.Connections(); n != 2 {
		t.Errorf("catcher accepted %d connections, want 2", n)
	}
}

func TestConnectionCarriesAtMostMaxMessages(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	mail.SetPoolLimits(s, time.Minute, 3)
	sendN(t, s, "ada@example.com", "max", 7)
	if got := conns(c); fmt.Sprint(got) != "[1 1 1 2 2 2 3]" {
		t.Errorf("connections per message = %v, want three per connection", got)
	}
	waitOpen(t, c, 1)
}

func TestSetMaxIdleZeroDisablesReuse(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	sendN(t, s, "ada@example.com", "one", 1)
	s.SetMaxIdle(0) // closes the idle connection
	waitOpen(t, c, 0)
	sendN(t, s, "ada@example.com", "new", 2)
	if got := conns(c); fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("connections per message = %v, want a new one each time", got)
	}
	waitOpen(t, c, 0)
}

func TestConcurrentSendsUseAtMostOneConnectionEach(t *testing.T) {
	const workers, each = 8, 20
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	s.SetMaxIdle(workers)
	mail.SetPoolLimits(s, time.Minute, 1000)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				m := mail.Message{To: "many@example.com", Subject: fmt.Sprintf("w%d-%d", w, i), Text: "x"}
				if err := s.Send(context.Background(), m); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range c.Messages() {
		seen[m.Subject]++
	}
	for w := range workers {
		for i := range each {
			if n := seen[fmt.Sprintf("w%d-%d", w, i)]; n != 1 {
				t.Errorf("message w%d-%d arrived %d times", w, i, n)
			}
		}
	}
	if len(seen) != workers*each {
		t.Errorf("catcher got %d distinct messages, want %d", len(seen), workers*each)
	}
	if n := c.Connections(); n > workers {
		t.Errorf("%d goroutines opened %d connections", workers, n)
	}
	t.Logf("%d messages over %d connections", workers*each, c.Connections())
}

// A server that dropped an idle connection, silently or saying 421 as Postfix does, costs
// nothing but a new connection: the message goes out once.
func TestConnectionClosedByServerIsReplaced(t *testing.T) {
	for _, code := range []int{0, 421} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			c := mailtest.Start(t)
			s := newSender(t, c.URL())
			sendN(t, s, "ada@example.com", "before", 1)
			c.DropConnections(code)
			waitOpen(t, c, 0)
			sendN(t, s, "ada@example.com", "after", 1)
			if got := conns(c); fmt.Sprint(got) != "[1 2]" {
				t.Errorf("connections per message = %v, want [1 2]", got)
			}
			sendN(t, s, "ada@example.com", "reused", 1)
			if n := c.Connections(); n != 2 {
				t.Errorf("catcher accepted %d connections, want 2", n)
			}
		})
	}
}

// Once the message data has left, a broken connection is reported, not retried: the server
// may have accepted the message, and a retry could deliver it twice.
func TestNoRetryOnceDataWasSent(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	sendN(t, s, "ada@example.com", "first", 1)
	c.HangUpAfterData(true)
	err := s.Send(context.Background(), mail.Message{To: "ada@example.com", Subject: "lost reply", Text: "x"})
	if err == nil || !mail.Temporary(err) {
		t.Fatalf("err = %v, Temporary = %v; want a temporary error", err, mail.Temporary(err))
	}
	if n, m := c.Connections(), len(c.Messages()); n != 1 || m != 2 {
		t.Errorf("catcher saw %d connections and %d messages, want 1 and 2 (no retry)", n, m)
	}
	c.HangUpAfterData(false)
	sendN(t, s, "ada@example.com", "next", 1)
	if got := conns(c); fmt.Sprint(got) != "[1 1 2]" {
		t.Errorf("connections per message = %v, want [1 1 2]", got)
	}
}

func TestIdleConnectionExpires(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	mail.SetPoolLimits(s, 100*time.Millisecond, 100)
	sendN(t, s, "ada@example.com", "one", 2)
	waitOpen(t, c, 0) // closed with QUIT once idle for 100 ms
	if n := mail.IdleConns(s); n != 0 {
		t.Errorf("%d idle connections after expiry, want 0", n)
	}
	sendN(t, s, "ada@example.com", "two", 1)
	if got := conns(c); fmt.Sprint(got) != "[1 1 2]" {
		t.Errorf("connections per message = %v, want [1 1 2]", got)
	}
}

// An SMTP error closes its connection; the next message goes out on a new one.
func TestRefusedMessageDoesNotPoisonThePool(t *testing.T) {
	for _, code := range []int{550, 451} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			c := mailtest.Start(t)
			s := newSender(t, c.URL())
			sendN(t, s, "ada@example.com", "ok", 1)
			c.FailWith(code)
			err := s.Send(context.Background(), mail.Message{To: "ada@example.com", Subject: "refused", Text: "x"})
			if err == nil || mail.Temporary(err) != (code < 500) {
				t.Fatalf("err = %v, Temporary = %v", err, mail.Temporary(err))
			}
			c.FailWith(0)
			waitOpen(t, c, 0)
			sendN(t, s, "ada@example.com", "ok-again", 2)
			if got := conns(c); fmt.Sprint(got) != "[1 2 2]" {
				t.Errorf("connections per message = %v, want [1 2 2]", got)
			}
		})
	}
}

// A Send whose ctx ends while it waits on a reused connection closes that connection and
// returns; the next Send opens a new one.
func TestContextEndClosesReusedConnection(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	sendN(t, s, "ada@example.com", "first", 1)
	c.Delay(10 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Send(ctx, mail.Message{To: "ada@example.com", Subject: "slow", Text: "x"})
	if err == nil || !mail.Temporary(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, Temporary = %v; want a temporary deadline error", err, mail.Temporary(err))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v after a 100ms context", d)
	}
	c.Delay(0)
	waitOpen(t, c, 0)
	sendN(t, s, "ada@example.com", "next", 1)
	if got := conns(c); fmt.Sprint(got) != "[1 2]" {
		t.Errorf("connections per message = %v, want [1 2]", got)
	}
}
