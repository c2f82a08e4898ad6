package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// sendTimeout bounds one Send: connecting, every SMTP exchange, and the whole.
const sendTimeout = 15 * time.Second

// tlsConfigFunc returns the TLS configuration for a server name; tests replace it to trust
// their own certificate.
type tlsConfigFunc func(serverName string) *tls.Config

func defaultTLSConfig(serverName string) *tls.Config {
	return &tls.Config{ServerName: serverName, MinVersion: tls.VersionTLS12}
}

// Send delivers m as a multipart/alternative message (text/plain, then text/html) with a
// Date and a Message-ID. It takes an idle connection when s has one (see SetMaxIdle) and
// opens a new one otherwise; after success the connection goes back to s for the next Send,
// after any error it is closed. When a reused connection turns out to be closed by the
// server before the message was handed over, Send tries once more on a new connection;
// once the server may have received the message it never does. Send gives up when ctx ends
// or after 15 s in all, closing the connection. An invalid recipient address is a permanent
// error (see Temporary).
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return &permanentError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	if err := s.send(ctx, msg); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		return fmt.Errorf("mail: sending %q to %s via %s: %w", m.Subject, m.To, s.addr(), err)
	}
	return nil
}

func (s *SMTPSender) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("mail: From %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: invalid recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	if m.Date.IsZero() {
		msg.SetDate()
	} else {
		msg.SetDateWithValue(m.Date)
	}
	id := m.ID
	if id == "" {
		id = rand.Text()
	}
	msg.SetMessageIDWithValue(id + "@" + s.idDomain)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// send delivers msg over an idle connection or, when there is none or the idle one proves
// dead before msg left, over a new one.
func (s *SMTPSender) send(ctx context.Context, msg *gomail.Msg) error {
	if c := s.pool.get(); c != nil {
		err := s.sendOn(ctx, c, msg)
		if !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	return s.sendOn(ctx, c, msg)
}

// sendOn sends msg over c, then returns c to the pool or, after an error or when ctx ended
// meanwhile, closes it. It reports success when only the RSET that follows an accepted
// message failed: the message was delivered.
func (s *SMTPSender) sendOn(ctx context.Context, c *conn, msg *gomail.Msg) error {
	stop := context.AfterFunc(ctx, func() { _ = c.raw.Close() })
	// The previous Send's deadline may have passed while c was idle. (go-mail extends it
	// too, but only after the NOOP it would send without WithoutNoop.)
	_ = c.smtp.UpdateDeadline(sendTimeout)
	err := c.client.SendWithSMTPClient(c.smtp, msg)
	if stop() && err == nil {
		c.sent++
		s.pool.put(c)
		return nil
	}
	_ = c.raw.Close()
	if msg.IsDelivered() {
		return nil
	}
	return err
}

// retryable reports whether err shows that the connection failed before the message was
// handed over, so that sending it again cannot deliver it twice. go-mail's SendError names
// the step that failed; until the server has answered DATA with 354 it holds no part of
// the message. Only a broken connection (no reply code) or 421 (the server is closing the
// connection) count: any other reply is the server's answer about this message.
func retryable(err error) bool {
	var sendErr *gomail.SendError
	if !errors.As(err, &sendErr) {
		return false
	}
	switch sendErr.Reason {
	case gomail.ErrConnCheck, gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData:
		code := sendErr.ErrorCode()
		return code == 0 || code == 421
	}
	return false
}

// dial opens a connection with its own go-mail Client: connects, says EHLO, STARTTLS and
// AUTH as configured. It closes the connection if ctx ends meanwhile or a step fails.
func (s *SMTPSender) dial(ctx context.Context) (*conn, error) {
	c := &conn{}
	client, err := s.client(ctx, c)
	if err != nil {
		return nil, &permanentError{fmt.Errorf("mail: configuring SMTP client: %w", err)}
	}
	c.client = client
	c.smtp, err = client.DialToSMTPClientWithContext(ctx)
	if c.stopDial != nil {
		c.stopDial()
	}
	if err != nil {
		if c.raw != nil {
			_ = c.raw.Close() // go-mail leaves it open when EHLO, STARTTLS or AUTH fails
		}
		return nil, fmt.Errorf("dial failed: %w", err)
	}
	return c, nil
}

// client returns the go-mail client for the connection c; a go-mail Client keeps
// per-connection state, so one is never shared between connections.
func (s *SMTPSender) client(ctx context.Context, c *conn) (*gomail.Client, error) {
	policy := gomail.TLSOpportunistic
	switch s.cfg.mode {
	case tlsRequired:
		policy = gomail.TLSMandatory
	case tlsImplicit:
		policy = gomail.NoTLS // the dialer does TLS itself
	}
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.port),
		gomail.WithTimeout(sendTimeout),
		gomail.WithTLSPolicy(policy),
		gomail.WithTLSConfig(s.tlsConfig(s.cfg.host)),
		gomail.WithDialContextFunc(s.dialer(ctx, c)),
		// A dead idle connection shows at MAIL FROM as surely as at a NOOP, a round trip
		// earlier; see retryable.
		gomail.WithoutNoop(),
	}
	if s.cfg.user != "" {
		opts = append(opts,
			gomail.WithUsername(s.cfg.user),
			gomail.WithPassword(s.cfg.pass),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	return gomail.NewClient(s.cfg.host, opts...)
}

// dialer connects, records the connection in c, closes it as soon as ctx ends until
// c.stopDial is called (go-mail itself only watches ctx while dialing), and wraps it in TLS
// for smtps.
func (s *SMTPSender) dialer(ctx context.Context, c *conn) gomail.DialContextFunc {
	return func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		raw, err := new(net.Dialer).DialContext(dialCtx, network, addr)
		if err != nil {
			return nil, err
		}
		c.raw = raw
		c.stopDial = context.AfterFunc(ctx, func() { _ = raw.Close() })
		if s.cfg.mode != tlsImplicit {
			return raw, nil
		}
		tlsConn := tls.Client(raw, s.tlsConfig(s.cfg.host))
		if err := tlsConn.HandshakeContext(dialCtx); err != nil {
			return nil, err // dial closes raw
		}
		return tlsConn, nil
	}
}

func (s *SMTPSender) addr() string {
	return net.JoinHostPort(s.cfg.host, strconv.Itoa(s.cfg.port))
}
