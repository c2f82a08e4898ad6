package mailtest

import (
	"io"
	"slices"

	"github.com/emersion/go-smtp"
)

// session is one SMTP connection's transaction state.
type session struct {
	c    *Catcher
	conn *conn // nil only if go-smtp stops handing us our own connection
	from string
	to   []string
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.c.wait()
	if err := s.c.failure(); err != nil {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

// Data stores the message; one that cannot be parsed is refused with 554 so the test that
// sent it sees why.
func (s *session) Data(r io.Reader) error {
	if err := s.c.failure(); err != nil {
		return err
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{
			Code:         554,
			EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message:      "mailtest: cannot parse message: " + err.Error(),
		}
	}
	rec.From, rec.To = s.from, slices.Clone(s.to)
	if s.conn != nil {
		rec.Conn = s.conn.id
	}
	if s.c.add(rec) && s.conn != nil {
		_ = s.conn.Close() // go-smtp's 250 then fails to write
	}
	return nil
}
