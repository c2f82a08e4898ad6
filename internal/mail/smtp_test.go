package mail

import (
	"strings"
	"testing"
)

func TestParseSMTPURL(t *testing.T) {
	tests := []struct {
		url  string
		want smtpConfig
	}{
		{"smtp://mail.example.com", smtpConfig{host: "mail.example.com", port: 587}},
		{"smtp://mail.example.com:25/", smtpConfig{host: "mail.example.com", port: 25}},
		{"smtp://u%40x:p%3Ass@mail.example.com:2525", smtpConfig{host: "mail.example.com", port: 2525, user: "u@x", pass: "p:ss"}},
		{"smtp://mail.example.com?tls=required", smtpConfig{host: "mail.example.com", port: 587, mode: tlsRequired}},
		{"smtps://u:p@mail.example.com", smtpConfig{host: "mail.example.com", port: 465, user: "u", pass: "p", mode: tlsImplicit}},
		{"smtps://[::1]:1465", smtpConfig{host: "::1", port: 1465, mode: tlsImplicit}},
	}
	for _, tt := range tests {
		got, err := parseSMTPURL(tt.url)
		if err != nil || got != tt.want {
			t.Errorf("parseSMTPURL(%q) = %+v, %v; want %+v", tt.url, got, err, tt.want)
		}
	}
}

func TestParseSMTPURLErrors(t *testing.T) {
	for _, raw := range []string{
		"", "mail.example.com:587", "http://u:secret@mail.example.com", "smtp://u:secret@:587",
		"smtp://u:secret@mail.example.com:x", "smtp://u:secret@mail.example.com:70000",
		"smtp://u:secret@mail.example.com?tls=maybe", "smtps://u:secret@mail.example.com?tls=required",
		"smtp://u:secret@mail.example.com?auth=plain", "smtp://u:secret@mail.example.com/path",
		"smtp://u:secret@mail.example.com:5%zz",
	} {
		_, err := NewSMTP(raw, "console@example.com")
		if err == nil {
			t.Errorf("NewSMTP(%q) succeeded", raw)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "--smtp-url (CONSOLE_SMTP_URL): ") || strings.Contains(msg, "secret") {
			t.Errorf("NewSMTP(%q) error %q must start with CONSOLE_SMTP_URL and hide the password", raw, msg)
		}
	}
}

func TestNewSMTPRejectsBadFrom(t *testing.T) {
	if _, err := NewSMTP("smtp://mail.example.com", "not an address"); err == nil {
		t.Error("bad From accepted")
	}
}
