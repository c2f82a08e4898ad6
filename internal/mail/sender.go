package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
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
// Date and a Message-ID, over a new connection that it closes before returning. It gives up
// when ctx ends or after 15 s, closing the connection. An invalid recipient address is a
// permanent error (see Temporary).
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return &permanentError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	client, err := s.client(ctx)
	if err != nil {
		return &permanentError{fmt.Errorf("mail: configuring SMTP client: %w", err)}
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
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
	msg.SetDate()
	msg.SetMessageIDWithValue(rand.Text() + "@" + s.idDomain)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// client returns a go-mail client for one Send; a go-mail Client keeps per-connection state,
// so one is never shared between Sends.
func (s *SMTPSender) client(ctx context.Context) (*gomail.Client, error) {
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
		gomail.WithDialContextFunc(s.dialer(ctx)),
	}
	if s.cfg.user != "" {
		opts = append(opts,
			gomail.WithUsername(s.cfg.user),
			gomail.WithPassword(s.cfg.pass),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	return gomail.NewClient(s.cfg.host, opts...)
}

// dialer connects, closes the connection as soon as ctx ends (go-mail itself only watches
// ctx while dialing), and wraps it in TLS for smtps.
func (s *SMTPSender) dialer(ctx context.Context) gomail.DialContextFunc {
	return func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		conn, err := new(net.Dialer).DialContext(dialCtx, network, addr)
		if err != nil {
			return nil, err
		}
		context.AfterFunc(ctx, func() { _ = conn.Close() })
		if s.cfg.mode != tlsImplicit {
			return conn, nil
		}
		tlsConn := tls.Client(conn, s.tlsConfig(s.cfg.host))
		if err := tlsConn.HandshakeContext(dialCtx); err != nil {
			_ = conn.Close()
			return nil, err
		}
		return tlsConn, nil
	}
}

func (s *SMTPSender) addr() string {
	return net.JoinHostPort(s.cfg.host, strconv.Itoa(s.cfg.port))
}
