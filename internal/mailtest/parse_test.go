package mailtest

import "testing"

func TestLink(t *testing.T) {
	const p = "http://h/activate?token="
	tests := []struct{ text, want string }{
		{"Open " + p + "abc\r\nthanks", p + "abc"},
		{"Open <" + p + "abc>.", p + "abc"},
		{"(" + p + "abc).", p + "abc"},
		{"see x" + p + "bad then " + p + "good", p + "good"},
		{"no link here", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := (Received{Text: tt.text}).Link(p); got != tt.want {
			t.Errorf("Link in %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseIgnoresAttachmentsAndRejectsGarbage(t *testing.T) {
	raw := "Subject: a\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n" +
		"--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nattached\r\n" +
		"--x\r\nContent-Type: text/plain\r\n\r\nbody\r\n--x--\r\n"
	r, err := parse([]byte(raw))
	if err != nil || r.Text != "body" {
		t.Fatalf("parse = %q, %v", r.Text, err)
	}
	if _, err := parse([]byte("Content-Type: multipart/mixed\r\n\r\nx")); err == nil {
		t.Fatal("multipart without boundary parsed")
	}
}
