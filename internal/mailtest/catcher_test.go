package mailtest_test

import (
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"console/internal/mailtest"
)

// rawMultipart has a quoted-printable text part, a base64 HTML part and an RFC 2047 subject.
const rawMultipart = "From: Console <console@example.com>\r\n" +
	"To: ada@example.com\r\n" +
	"Subject: =?UTF-8?q?Caf=C3=A9_invitation?=\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/alternative; boundary=\"b1\"\r\n" +
	"\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Caf=C3=A9: open (http://127.0.0.1:1234/activate?token=3Dabc=\r\n" +
	"def).\r\n" +
	"--b1\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"PHA+Q2Fmw6k8L3A+\r\n" +
	"--b1--\r\n"

func send(t *testing.T, url, to, raw string) error {
	t.Helper()
	c, err := smtp.Dial(strings.TrimPrefix(url, "smtp://"))
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SendMail("console@example.com", []string{to}, strings.NewReader(raw)); err != nil {
		return err
	}
	return c.Quit()
}

func plain(to, subject, body string) string {
	return fmt.Sprintf("To: %s\r\nSubject: %s\r\n\r\n%s\r\n", to, subject, body)
}

func TestCatcherParsesMultipart(t *testing.T) {
	c := mailtest.Start(t)
	if err := send(t, c.URL(), "ada@example.com", rawMultipart); err != nil {
		t.Fatal(err)
	}
	m := c.WaitFor(t, "ADA@example.com", 1, 5*time.Second)[0]
	if m.From != "console@example.com" || len(m.To) != 1 || m.To[0] != "ada@example.com" {
		t.Errorf("envelope = %q -> %q", m.From, m.To)
	}
	if m.Subject != "Café invitation" {
		t.Errorf("Subject = %q", m.Subject)
	}
	if !strings.HasPrefix(m.Text, "Café: open") || m.HTML != "<p>Café</p>" {
		t.Errorf("Text = %q, HTML = %q", m.Text, m.HTML)
	}
	if got := m.Link("http://127.0.0.1:1234/activate?token="); got != "http://127.0.0.1:1234/activate?token=abcdef" {
		t.Errorf("Link = %q in %q", got, m.Text)
	}
	if len(m.Raw) == 0 || !strings.Contains(string(m.Raw), "boundary=\"b1\"") {
		t.Errorf("Raw = %q", m.Raw)
	}
}

func TestCatcherPlainMessage(t *testing.T) {
	c := mailtest.Start(t)
	if err := send(t, c.URL(), "bob@example.com", plain("bob@example.com", "Hi", "see https://x.test/a")); err != nil {
		t.Fatal(err)
	}
	m := c.WaitFor(t, "bob@example.com", 1, 5*time.Second)[0]
	if m.Subject != "Hi" || m.Text != "see https://x.test/a\r\n" || m.HTML != "" {
		t.Errorf("got %+v", m)
	}
	if got := m.Link(""); got != "https://x.test/a" {
		t.Errorf("Link(\"\") = %q", got)
	}
}

func TestFailWith(t *testing.T) {
	c := mailtest.Start(t)
	c.FailWith(451)
	err := send(t, c.URL(), "ada@example.com", plain("ada@example.com", "x", "y"))
	var smtpErr *smtp.SMTPError
	if !errors.As(err, &smtpErr) || smtpErr.Code != 451 {
		t.Fatalf("err = %v, want a 451 reply", err)
	}
	c.FailWith(550)
	err = send(t, c.URL(), "ada@example.com", plain("ada@example.com", "x", "y"))
	if !errors.As(err, &smtpErr) || smtpErr.Code != 550 {
		t.Fatalf("err = %v, want a 550 reply", err)
	}
	c.FailWith(0)
	if err := send(t, c.URL(), "ada@example.com", plain("ada@example.com", "x", "y")); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Messages()); n != 1 {
		t.Fatalf("kept %d messages, want only the accepted one", n)
	}
}

func TestStopRefusesAndRestartReusesPort(t *testing.T) {
	c := mailtest.Start(t)
	url := c.URL()
	if err := send(t, url, "a@example.com", plain("a@example.com", "one", "1")); err != nil {
		t.Fatal(err)
	}
	c.Stop()
	c.Stop() // idempotent
	if conn, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "smtp://"), time.Second); err == nil {
		conn.Close()
		t.Fatal("connection accepted after Stop")
	}
	c.Restart(t)
	c.Restart(t) // no-op while running
	if c.URL() != url {
		t.Fatalf("URL changed from %s to %s", url, c.URL())
	}
	if err := send(t, url, "a@example.com", plain("a@example.com", "two", "2")); err != nil {
		t.Fatal(err)
	}
	got := c.WaitFor(t, "a@example.com", 2, 5*time.Second)
	if got[0].Subject != "one" || got[1].Subject != "two" {
		t.Fatalf("subjects = %q, %q", got[0].Subject, got[1].Subject)
	}
}

func TestStopClosesOpenConnections(t *testing.T) {
	c := mailtest.Start(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(c.URL(), "smtp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	done := make(chan struct{})
	go func() { c.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Stop did not return with an idle connection open")
	}
}

func TestConcurrentDelivery(t *testing.T) {
	c := mailtest.Start(t)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := send(t, c.URL(), "many@example.com", plain("many@example.com", fmt.Sprint(i), "x")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := c.WaitFor(t, "many@example.com", 10, 5*time.Second); len(got) != 10 {
		t.Fatalf("got %d messages", len(got))
	}
}

func TestImmediateStop(t *testing.T) {
	for range 50 {
		done := make(chan struct{})
		go func() { mailtest.Start(t).Stop(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatal("Stop right after Start hung")
		}
	}
}

func TestStopLeavesNoServerGoroutines(t *testing.T) {
	c := mailtest.Start(t)
	if err := send(t, c.URL(), "a@example.com", plain("a@example.com", "x", "y")); err != nil {
		t.Fatal(err)
	}
	idle, err := net.Dial("tcp", strings.TrimPrefix(c.URL(), "smtp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	c.Stop()
	// A handler may still be executing its last return instruction, hence the short grace.
	var stacks string
	for range 10 {
		buf := make([]byte, 1<<20)
		if stacks = string(buf[:runtime.Stack(buf, true)]); !strings.Contains(stacks, "emersion/go-smtp") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("go-smtp goroutines survive Stop:\n%s", stacks)
}

// fatalTB records Fatalf and ends the goroutine, as testing.T does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestWaitForTimesOutWithListing(t *testing.T) {
	c := mailtest.Start(t)
	if err := send(t, c.URL(), "other@example.com", plain("other@example.com", "Unrelated", "x")); err != nil {
		t.Fatal(err)
	}
	f := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.WaitFor(f, "ada@example.com", 1, 50*time.Millisecond)
	}()
	<-done
	if !strings.Contains(f.msg, "got 0") || !strings.Contains(f.msg, `"Unrelated"`) {
		t.Fatalf("fatal message = %q", f.msg)
	}
}

func TestConnectionsAreNumberedAndCanBeDropped(t *testing.T) {
	c := mailtest.Start(t)
	client, err := smtp.Dial(strings.TrimPrefix(c.URL(), "smtp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	for _, subject := range []string{"one", "two"} {
		if err := client.SendMail("console@example.com", []string{"a@example.com"}, strings.NewReader(plain("a@example.com", subject, "x"))); err != nil {
			t.Fatal(err)
		}
	}
	if n, open := c.Connections(), c.OpenConnections(); n != 1 || open != 1 {
		t.Fatalf("Connections, OpenConnections = %d, %d; want 1, 1", n, open)
	}
	c.DropConnections(421)
	if open := c.OpenConnections(); open != 0 {
		t.Fatalf("OpenConnections = %d after DropConnections", open)
	}
	var smtpErr *smtp.SMTPError
	if err := client.Noop(); !errors.As(err, &smtpErr) || smtpErr.Code != 421 {
		t.Fatalf("NOOP after DropConnections(421): %v, want the 421 reply", err)
	}
	if err := send(t, c.URL(), "a@example.com", plain("a@example.com", "three", "x")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range c.WaitFor(t, "a@example.com", 3, 5*time.Second) {
		got = append(got, fmt.Sprintf("%s@%d", m.Subject, m.Conn))
	}
	if fmt.Sprint(got) != "[one@1 two@1 three@2]" || c.Connections() != 2 {
		t.Fatalf("subject@connection = %v, Connections = %d", got, c.Connections())
	}
}

func TestHangUpAfterData(t *testing.T) {
	c := mailtest.Start(t)
	c.HangUpAfterData(true)
	if err := send(t, c.URL(), "a@example.com", plain("a@example.com", "kept", "x")); err == nil {
		t.Fatal("send succeeded; want the missing reply to fail it")
	}
	if m := c.Messages(); len(m) != 1 || m[0].Subject != "kept" {
		t.Fatalf("messages = %+v, want the one sent", m)
	}
	c.HangUpAfterData(false)
	if err := send(t, c.URL(), "a@example.com", plain("a@example.com", "normal", "x")); err != nil {
		t.Fatal(err)
	}
}

func TestDelayEndsWhenLifted(t *testing.T) {
	c := mailtest.Start(t)
	c.Delay(10 * time.Second)
	time.AfterFunc(100*time.Millisecond, func() { c.Delay(0) })
	start := time.Now()
	if err := send(t, c.URL(), "a@example.com", plain("a@example.com", "x", "y")); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 3*time.Second {
		t.Fatalf("send took %v; want the delay until it was lifted after 100ms", d)
	}
}

func TestDropConnectionsRejectsBadCode(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("DropConnections(250) did not panic")
		}
	}()
	mailtest.Start(t).DropConnections(250)
}
