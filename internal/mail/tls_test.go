package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// delivery is what the TLS test server saw of one message.
type delivery struct {
	tls, authed bool
	rcpt        string
}

// tlsServer is a go-smtp server that offers STARTTLS (or implicit TLS) and AUTH PLAIN for
// user "u", password "p".
type tlsServer struct {
	addr  string
	roots *x509.CertPool
	mu    sync.Mutex
	got   []delivery
	conns map[*smtp.Conn]bool // connections that started a session (again after STARTTLS)
}

func startTLSServer(t testing.TB, implicit bool) *tlsServer {
	t.Helper()
	cert, roots := testCert(t)
	s := &tlsServer{roots: roots, conns: map[*smtp.Conn]bool{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.conns[c] = true
		return &tlsSession{s: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", srv.TLSConfig)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); ln.Close(); <-done })
	return s
}

func (s *tlsServer) sender(t testing.TB, url string) *SMTPSender {
	t.Helper()
	snd, err := NewSMTP(url, "console@example.com")
	if err != nil {
		t.Fatal(err)
	}
	snd.tlsConfig = func(name string) *tls.Config {
		cfg := defaultTLSConfig(name)
		cfg.RootCAs = s.roots
		return cfg
	}
	return snd
}

// deliveries returns what the server received and over how many connections.
func (s *tlsServer) deliveries() ([]delivery, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivery(nil), s.got...), len(s.conns)
}

type tlsSession struct {
	s      *tlsServer
	conn   *smtp.Conn
	authed bool
	rcpt   string
}

func (x *tlsSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *tlsSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "u" || pass != "p" {
			return smtp.ErrAuthFailed
		}
		x.authed = true
		return nil
	}), nil
}

func (x *tlsSession) Reset()                                    {}
func (x *tlsSession) Logout() error                             { return nil }
func (x *tlsSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (x *tlsSession) Rcpt(to string, _ *smtp.RcptOptions) error { x.rcpt = to; return nil }

func (x *tlsSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	_, isTLS := x.conn.TLSConnectionState()
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.got = append(x.s.got, delivery{tls: isTLS, authed: x.authed, rcpt: x.rcpt})
	return nil
}

// testCert returns a self-signed certificate for 127.0.0.1 and a pool that trusts it.
func testCert(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}

var testMsg = Message{To: "ada@example.com", Subject: "s", Text: "t", HTML: "<p>h</p>"}

// Three messages in a row travel over one connection, encrypted and authenticated.
func TestTLSAndAuthWithReuse(t *testing.T) {
	for _, url := range []string{"smtp://u:p@%s", "smtp://u:p@%s?tls=required", "smtps://u:p@%s"} {
		s := startTLSServer(t, strings.HasPrefix(url, "smtps:"))
		snd := s.sender(t, strings.Replace(url, "%s", s.addr, 1))
		for range 3 {
			if err := snd.Send(context.Background(), testMsg); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
		}
		got, conns := s.deliveries()
		want := delivery{tls: true, authed: true, rcpt: "ada@example.com"}
		if len(got) != 3 || got[0] != want || got[1] != want || got[2] != want || conns != 1 {
			t.Errorf("%s: deliveries = %+v over %d connections, want 3 over TLS, authenticated, over 1", url, got, conns)
		}
		if err := snd.Close(); err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkSendSTARTTLS sends one message after another with STARTTLS and AUTH PLAIN, over
// a new connection each time (a TLS handshake and an AUTH per message) or a reused one.
//
//	go test -run '^$' -bench BenchmarkSendSTARTTLS ./internal/mail/
func BenchmarkSendSTARTTLS(b *testing.B) {
	for _, maxIdle := range []int{0, 1} {
		b.Run(map[int]string{0: "new", 1: "reuse"}[maxIdle], func(b *testing.B) {
			s := startTLSServer(b, false)
			snd := s.sender(b, "smtp://u:p@"+s.addr+"?tls=required")
			defer snd.Close()
			snd.SetMaxIdle(maxIdle)
			for b.Loop() {
				if err := snd.Send(context.Background(), testMsg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "emails/s")
		})
	}
}

func TestWrongPasswordIsPermanent(t *testing.T) {
	s := startTLSServer(t, false)
	err := s.sender(t, "smtp://u:wrong@"+s.addr).Send(context.Background(), testMsg)
	if err == nil || Temporary(err) {
		t.Fatalf("err = %v, Temporary = %v; want a permanent 535", err, Temporary(err))
	}
}

func TestUntrustedCertificateFails(t *testing.T) {
	s := startTLSServer(t, false)
	snd, err := NewSMTP("smtp://"+s.addr, "console@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var unknown x509.UnknownAuthorityError
	if err := snd.Send(context.Background(), testMsg); !errors.As(err, &unknown) {
		t.Fatalf("err = %v, want an unknown-authority error", err)
	}
}

func TestRequiredTLSWithoutSTARTTLSFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &tlsSession{}, nil }))
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); ln.Close(); <-done })
	snd, err := NewSMTP("smtp://"+ln.Addr().String()+"?tls=required", "console@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := snd.Send(context.Background(), testMsg); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a STARTTLS error", err)
	}
}
