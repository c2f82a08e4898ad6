package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"unicode"
)

// Received is one message as the catcher got it. From and To are the envelope sender and
// recipients (MAIL FROM and RCPT TO); Subject is decoded from RFC 2047 words; Text and HTML
// are the first text/plain and text/html parts (or the whole body), transfer-decoded from
// quoted-printable or base64 and assumed to be UTF-8; Raw is the message as transmitted;
// Conn numbers the connection that carried it: 1 for the first connection the catcher
// accepted, 2 for the next, and so on (see Catcher.Connections).
type Received struct {
	From    string
	To      []string
	Subject string
	Text    string
	HTML    string
	Raw     []byte
	Conn    int
}

// Link returns the first URL in Text that starts with prefix (e.g.
// "http://127.0.0.1:1234/activate?token=") and begins a word, up to the next space, quote
// or angle bracket, without trailing punctuation; "" if there is none. An empty prefix
// matches any http:// or https:// URL.
func (r Received) Link(prefix string) string {
	if prefix == "" {
		prefix = "http"
	}
	for i := 0; ; {
		j := strings.Index(r.Text[i:], prefix)
		if j < 0 {
			return ""
		}
		start := i + j
		if start == 0 || strings.ContainsRune(" \t\r\n<(\"'", rune(r.Text[start-1])) {
			return urlAt(r.Text[start:])
		}
		i = start + 1
	}
}

func urlAt(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`<>"'`, r)
	})
	if end >= 0 {
		s = s[:end]
	}
	return strings.TrimRight(s, ".,;:!?)")
}

func (r Received) clone() Received {
	r.To = slices.Clone(r.To)
	r.Raw = slices.Clone(r.Raw)
	return r
}

// parse reads the headers and the text and HTML parts of a raw message.
func parse(raw []byte) (Received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Received{}, fmt.Errorf("subject: %w", err)
	}
	r := Received{Subject: subject, Raw: raw}
	if err := collect(&r, textproto.MIMEHeader(msg.Header), msg.Body); err != nil {
		return Received{}, err
	}
	return r, nil
}

// collect fills r.Text and r.HTML from one entity, descending into multipart ones.
func collect(r *Received, h textproto.MIMEHeader, body io.Reader) error {
	mediaType, params := "text/plain", map[string]string{}
	if ct := h.Get("Content-Type"); ct != "" {
		var err error
		if mediaType, params, err = mime.ParseMediaType(ct); err != nil {
			return fmt.Errorf("content type %q: %w", ct, err)
		}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		return collectParts(r, params["boundary"], body)
	}
	if isAttachment(h) || (mediaType != "text/plain" && mediaType != "text/html") {
		return nil
	}
	content, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("%s part: %w", mediaType, err)
	}
	if mediaType == "text/plain" && r.Text == "" {
		r.Text = content
	} else if mediaType == "text/html" && r.HTML == "" {
		r.HTML = content
	}
	return nil
}

func collectParts(r *Received, boundary string, body io.Reader) error {
	if boundary == "" {
		return fmt.Errorf("multipart message without boundary")
	}
	mr := multipart.NewReader(body, boundary)
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := collect(r, p.Header, p); err != nil {
			return err
		}
	}
}

func isAttachment(h textproto.MIMEHeader) bool {
	d, _, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	return err == nil && d == "attachment"
}

func decodeBody(encoding string, body io.Reader) (string, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	return string(b), err
}
