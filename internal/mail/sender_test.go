package mail_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"console/internal/mail"
	"console/internal/mailtest"
)

const from = "Console <console@example.com>"

func newSender(t *testing.T, url string) *mail.SMTPSender {
	t.Helper()
	s, err := mail.NewSMTP(url, from)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestSMTPSenderDelivers(t *testing.T) {
	c := mailtest.Start(t)
	var s mail.Sender = newSender(t, c.URL())
	link := "http://127.0.0.1:1234/activate?token=" + strings.Repeat("a1", 40)
	m, err := mail.Invitation{OrgName: "Café Zürich", InviterName: "Ada", Link: link, ExpiresAt: expires,
		WelcomeMessage: "Grüße <b>"}.Message("Bob <bob@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := c.WaitFor(t, "bob@example.com", 1, 5*time.Second)[0]
	if got.From != "console@example.com" || got.Subject != m.Subject {
		t.Errorf("From, Subject = %q, %q; want console@example.com, %q", got.From, got.Subject, m.Subject)
	}
	if got.Text != strings.ReplaceAll(m.Text, "\n", "\r\n") {
		t.Errorf("Text = %q\nwant %q", got.Text, m.Text)
	}
	if got.HTML != strings.ReplaceAll(m.HTML, "\n", "\r\n") {
		t.Errorf("HTML = %q\nwant %q", got.HTML, m.HTML)
	}
	if l := got.Link("http://127.0.0.1:1234/activate?token="); l != link {
		t.Errorf("Link = %q, want %q", l, link)
	}
	raw := "\r\n" + string(got.Raw)
	for _, h := range []string{"\r\nDate: ", "\r\nMessage-ID: <", "@example.com>\r\n", "multipart/alternative", "To: \"Bob\" <bob@example.com>"} {
		if !strings.Contains(raw, h) {
			t.Errorf("raw message lacks %q:\n%s", h, raw)
		}
	}
}

func TestSendRejectsInvalidRecipientPermanently(t *testing.T) {
	c := mailtest.Start(t)
	err := newSender(t, c.URL()).Send(context.Background(), mail.Message{To: "not an address", Subject: "x", Text: "x"})
	if err == nil || mail.Temporary(err) {
		t.Fatalf("err = %v, Temporary = %v; want a permanent error", err, mail.Temporary(err))
	}
}

func TestTemporary(t *testing.T) {
	c := mailtest.Start(t)
	s := newSender(t, c.URL())
	msg := mail.Message{To: "ada@example.com", Subject: "Hello", Text: "hello", HTML: "<p>hello</p>"}
	send := func() error { return s.Send(context.Background(), msg) }

	c.Stop()
	if err := send(); err == nil || !mail.Temporary(err) {
		t.Errorf("server down: err = %v, Temporary = %v; want temporary", err, mail.Temporary(err))
	}
	c.Restart(t)
	c.FailWith(451)
	if err := send(); err == nil || !mail.Temporary(err) {
		t.Errorf("451: err = %v, Temporary = %v; want temporary", err, mail.Temporary(err))
	}
	c.FailWith(550)
	if err := send(); err == nil || mail.Temporary(err) {
		t.Errorf("550: err = %v, Temporary = %v; want permanent", err, mail.Temporary(err))
	}
	c.FailWith(0)
	if err := send(); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	if n := len(c.Messages()); n != 1 {
		t.Errorf("catcher kept %d messages, want 1", n)
	}
	if mail.Temporary(nil) || !mail.Temporary(errors.New("something unknown")) {
		t.Error("Temporary(nil) must be false and unknown errors temporary")
	}
}

// A server that accepts the connection but never greets must not hold Send past its ctx.
func TestSendRespectsContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = newSender(t, "smtp://"+ln.Addr().String()).Send(ctx, mail.Message{To: "a@example.com", Subject: "x", Text: "x"})
	if err == nil || !mail.Temporary(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, Temporary = %v; want a temporary deadline error", err, mail.Temporary(err))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v after a 200ms context", d)
	}
}
