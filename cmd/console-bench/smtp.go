package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpMain runs `console-bench smtp`: an SMTP server that accepts every
// message and keeps none, for Console's email delivery under load
// (`console serve --smtp-url smtp://ADDR`). It prints how many messages it
// received every --every and when it stops (SIGINT or SIGTERM).
func smtpMain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("console-bench smtp", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:2525", "the address to listen on")
	every := fs.Duration("every", 10*time.Second, "how often to print the count (0: only at the end)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fmt.Fprintln(stdout, "Usage: console-bench smtp [--addr 127.0.0.1:2525] [--every 10s]")
		fs.PrintDefaults()
		return nil
	} else if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	sink := &smtpSink{}
	srv := smtp.NewServer(sink)
	srv.Domain = "console-bench.invalid"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	srv.MaxMessageBytes = 10 << 20
	fmt.Fprintf(stdout, "console-bench smtp: listening on smtp://%s\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var tick <-chan time.Time
	if *every > 0 {
		t := time.NewTicker(*every)
		defer t.Stop()
		tick = t.C
	}
	start := time.Now()
	for {
		select {
		case <-tick:
			fmt.Fprintf(stdout, "%s received %d messages\n", time.Since(start).Round(time.Second), sink.received.Load())
		case err := <-served:
			return err
		case <-ctx.Done():
			srv.Close()
			<-served
			fmt.Fprintf(stdout, "%s received %d messages in all\n", time.Since(start).Round(time.Second), sink.received.Load())
			return nil
		}
	}
}

// smtpSink counts the messages whose data it read to the end.
type smtpSink struct {
	received atomic.Int64
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

type sinkSession struct{ sink *smtpSink }

func (*sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (*sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (*sinkSession) Reset()                               {}
func (*sinkSession) Logout() error                        { return nil }

func (s *sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	s.sink.received.Add(1)
	return nil
}
