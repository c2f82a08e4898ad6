package mail

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// tlsMode is how an SMTPSender secures its connection.
type tlsMode int

const (
	tlsOpportunistic tlsMode = iota // STARTTLS when offered, plain otherwise
	tlsRequired                     // STARTTLS or fail
	tlsImplicit                     // TLS from the first byte (smtps)
)

// smtpConfig is a parsed CONSOLE_SMTP_URL.
type smtpConfig struct {
	host       string
	port       int
	user, pass string // user == "": no authentication
	mode       tlsMode
}

// SMTPSender is a Sender that delivers through one SMTP server. It keeps connections open
// between Sends, up to DefaultMaxIdle or what SetMaxIdle says, each used by one Send at a
// time; call Close when done with it. It is safe for concurrent use.
type SMTPSender struct {
	cfg       smtpConfig
	from      string // From header, validated
	idDomain  string // domain part of Message-IDs
	tlsConfig tlsConfigFunc
	pool      *pool
}

// NewSMTP returns a sender for rawURL, which is one of
//
//	smtp://[user:pass@]host[:port]               STARTTLS when the server offers it, plain otherwise; port 587
//	smtp://[user:pass@]host[:port]?tls=required  STARTTLS mandatory; port 587
//	smtps://[user:pass@]host[:port]              implicit TLS; port 465
//
// User and password are URL-decoded; with them the sender authenticates with PLAIN or LOGIN,
// whichever the server offers (others only if it offers neither), and never sends them over
// an unencrypted connection except to localhost. from is the From header, e.g.
// "Console <console@example.com>". Errors name --smtp-url and CONSOLE_SMTP_URL and never contain the
// password.
func NewSMTP(rawURL, from string) (*SMTPSender, error) {
	cfg, err := parseSMTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("--mail-from (CONSOLE_MAIL_FROM): invalid address %q: %w", from, err)
	}
	domain := addr.Address[strings.LastIndexByte(addr.Address, '@')+1:]
	return &SMTPSender{cfg: cfg, from: from, idDomain: domain, tlsConfig: defaultTLSConfig, pool: newPool()}, nil
}

func parseSMTPURL(rawURL string) (smtpConfig, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error repeats the URL, password included
		}
		return smtpConfig{}, urlError("not a URL: %v", err)
	}
	cfg := smtpConfig{host: u.Hostname()}
	if cfg.mode, err = parseMode(u); err != nil {
		return smtpConfig{}, err
	}
	if cfg.host == "" {
		return smtpConfig{}, urlError("missing host")
	}
	if u.Path != "" && u.Path != "/" || u.Fragment != "" || u.Opaque != "" {
		return smtpConfig{}, urlError("unexpected path or fragment; want smtp://[user:pass@]host:port")
	}
	if cfg.port, err = parsePort(u.Port(), cfg.mode); err != nil {
		return smtpConfig{}, err
	}
	cfg.user = u.User.Username()
	cfg.pass, _ = u.User.Password()
	return cfg, nil
}

func parseMode(u *url.URL) (tlsMode, error) {
	q := u.Query()
	tlsParam := q.Get("tls")
	q.Del("tls")
	if len(q) > 0 {
		return 0, urlError("unknown query parameter(s) %q; only tls=required is supported", q.Encode())
	}
	switch {
	case u.Scheme == "smtps" && tlsParam == "":
		return tlsImplicit, nil
	case u.Scheme == "smtp" && tlsParam == "":
		return tlsOpportunistic, nil
	case u.Scheme == "smtp" && tlsParam == "required":
		return tlsRequired, nil
	case u.Scheme == "smtp":
		return 0, urlError("tls=%q is not supported; use tls=required or leave it out", tlsParam)
	case u.Scheme == "smtps":
		return 0, urlError("tls= applies to smtp:// only; smtps:// always uses TLS")
	}
	return 0, urlError("scheme %q is not supported; use smtp:// or smtps://", u.Scheme)
}

func parsePort(s string, mode tlsMode) (int, error) {
	if s == "" {
		if mode == tlsImplicit {
			return 465, nil
		}
		return 587, nil
	}
	port, err := strconv.Atoi(s)
	if err != nil || port < 1 || port > 65535 {
		return 0, urlError("port %q is not a number from 1 to 65535", s)
	}
	return port, nil
}

func urlError(format string, args ...any) error {
	return fmt.Errorf("--smtp-url (CONSOLE_SMTP_URL): "+format, args...)
}
