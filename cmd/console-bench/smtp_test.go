package main

import (
	"bufio"
	"context"
	"io"
	"net/smtp"
	"strings"
	"testing"
)

// TestSMTPSinkHelp: --help prints the flags and succeeds.
func TestSMTPSinkHelp(t *testing.T) {
	var out strings.Builder
	if err := smtpMain(context.Background(), []string{"--help"}, &out); err != nil || !strings.Contains(out.String(), "-addr") {
		t.Errorf("--help: %v\n%s", err, out.String())
	}
}

// TestSMTPSink sends two messages to `console-bench smtp` and checks that
// it counts both when it stops.
func TestSMTPSink(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- smtpMain(ctx, []string{"--addr", "127.0.0.1:0", "--every", "0"}, w)
		w.Close()
	}()
	lines := bufio.NewScanner(r)
	if !lines.Scan() {
		t.Fatalf("no first line: %v", <-done)
	}
	_, addr, ok := strings.Cut(lines.Text(), "smtp://")
	if !ok {
		t.Fatalf("first line %q names no address", lines.Text())
	}
	for range 2 {
		msg := "Subject: hello\r\n\r\nBody.\r\n"
		if err := smtp.SendMail(addr, nil, "console@acme.test", []string{"zoe@example.test"}, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	var last string
	for lines.Scan() {
		last = lines.Text()
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(last, "received 2 messages in all") {
		t.Errorf("last line %q, want a count of 2", last)
	}
}
