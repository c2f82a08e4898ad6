package console

import (
	"strings"
	"testing"
)

func TestEmailWarnings(t *testing.T) {
	cases := []struct {
		email string
		warns []string // what each warning names
	}{
		{"paypal@example.com", nil},
		{"jose\u0301@bücher.example", nil},
		{"иван@пример.рф", nil},
		{"δοκιμή@παράδειγμα.δοκιμή", nil},
		{"山田太郎@例え.テスト", nil},
		{"たなか.ｔａｒｏ@example.jp", nil},
		{"김민수@예시.한국", nil},
		{"user1-2_3@example.com", nil},
		{"pаypal@example.com", []string{"“pаypal”", "Cyrillic and Latin", "(letter 2 is Cyrillic)"}},        // Cyrillic а
		{"user@exаmple.com", []string{"“exаmple”", "Cyrillic and Latin"}},                                   // in a domain label
		{"user@xn--exmple-4nf.com", []string{"“exаmple”", "Cyrillic and Latin"}},                            // the same, in ASCII form
		{"ΑpplΕ@example.com", []string{"Greek and Latin"}},                                                  // Greek capitals
		{"pаypal@exаmple.com", []string{"“pаypal”", "“exаmple”"}},                                           // two parts, two warnings
		{"test@gооgle.com", []string{"Cyrillic and Latin", "(letter 2 is Cyrillic, letter 3 is Cyrillic)"}}, // two Cyrillic о
	}
	for _, c := range cases {
		got := EmailWarnings("email", c.email)
		var text []string
		for _, w := range got {
			if w.Field != "email" {
				t.Errorf("%s: warning on field %q", c.email, w.Field)
			}
			text = append(text, w.Message)
		}
		all := strings.Join(text, "\n")
		if (len(c.warns) == 0) != (len(got) == 0) {
			t.Errorf("EmailWarnings(%q) = %q, want warnings naming %q", c.email, all, c.warns)
		}
		for _, w := range c.warns {
			if !strings.Contains(all, w) {
				t.Errorf("EmailWarnings(%q) = %q, want one naming %s", c.email, all, w)
			}
		}
	}
}
