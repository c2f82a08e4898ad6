package console

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestEmailKeySameMailbox: every spelling of one mailbox has one key.
func TestEmailKeySameMailbox(t *testing.T) {
	cases := []struct {
		name string
		key  string
		same []string
	}{
		{"IDNA domain", "user@xn--bcher-kva.example",
			[]string{"user@bücher.example", "user@xn--bcher-kva.example", "USER@BÜCHER.EXAMPLE", "user@XN--BCHER-KVA.EXAMPLE", "user@Xn--Bcher-Kva.Example"}},
		{"combining accent", "josé@example.test",
			[]string{"josé@example.test", "jose\u0301@example.test", "JOSÉ@EXAMPLE.TEST", "JOSE\u0301@example.test"}},
		{"case in both parts", "jane.doe@example.com", []string{"Jane.Doe@Example.COM", "JANE.DOE@EXAMPLE.COM"}},
		{"full-width", "user@example.test",
			[]string{"ｕｓｅｒ@example.test", "user@ｅｘａｍｐｌｅ.ｔｅｓｔ", "ＵＳＥＲ＠ＥＸＡＭＰＬＥ．ＴＥＳＴ", "user@example。test"}},
		{"spaces and root dot", "user@example.test",
			[]string{" user@example.test ", "\tuser@example.test\n", "user@example.test.", "user@example.test\u3000", "\u00a0user@example.test"}},
		{"invisible characters", "user@example.test",
			[]string{"us\u200ber@example.test", "\ufeffuser@example.test", "us\u00ader@exa\u00admple.test"}},
		{"sharp s", "strasse@example.test", []string{"straße@example.test", "STRASSE@example.test", "STRAẞE@example.test"}},
		{"sharp s in a domain stays", "a@xn--strae-oqa.example", []string{"a@straße.example", "a@STRAßE.example", "a@xn--strae-oqa.example"}},
		{"Turkish dotted I", "info@example.test", []string{"İNFO@example.test", "İnfo@example.test", "ınfo@example.test", "INFO@example.test", "i\u0307nfo@example.test"}},
		{"Greek final sigma", "σοφοσ@example.test", []string{"ΣΟΦΟΣ@example.test", "σοφος@example.test"}},
		{"quoted local part", "john@example.test", []string{`"john"@example.test`, `"JOHN"@example.test`}},
		{"Cyrillic domain", "иван@xn--e1afmkfd.xn--p1ai", []string{"Иван@пример.рф", "ИВАН@ПРИМЕР.РФ", "иван@XN--E1AFMKFD.XN--P1AI"}},
	}
	for _, c := range cases {
		for _, s := range c.same {
			if got := EmailKey(s); got != c.key {
				t.Errorf("%s: EmailKey(%q) = %q, want %q", c.name, s, got, c.key)
			}
		}
	}
}

// TestEmailKeyOtherMailbox: addresses that only look alike, or differ,
// keep different keys.
func TestEmailKeyOtherMailbox(t *testing.T) {
	pairs := [][2]string{
		{"user@example.test", "user@example.org"},
		{"jose@example.test", "josé@example.test"},
		{"user@example.test", "usеr@example.test"}, // Cyrillic е
		{"user@example.test", "user@exаmple.test"}, // Cyrillic а
		{"a@straße.example", "a@strasse.example"},  // two DNS names (IDNA2008)
		{"john.doe@example.test", "johndoe@example.test"},
		{"jane+tag@example.test", "jane@example.test"},
		{"user@example.test", "user@sub.example.test"},
	}
	for _, p := range pairs {
		if EmailKey(p[0]) == EmailKey(p[1]) {
			t.Errorf("EmailKey(%q) == EmailKey(%q) == %q", p[0], p[1], EmailKey(p[0]))
		}
	}
}

// TestEmailKeyStable: a key is its own key, for every character Unicode
// assigns, alone and in an address.
func TestEmailKeyStable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf) {
			continue // unassigned, surrogate or private use
		}
		for _, s := range []string{string(r), "a" + string(r) + "b@example.test"} {
			k := EmailKey(s)
			if again := EmailKey(k); again != k {
				t.Fatalf("U+%04X: EmailKey(%q) = %q but EmailKey of that is %q", r, s, k, again)
			}
		}
	}
}

func TestValidateEmail(t *testing.T) {
	long := strings.Repeat("a", 63)
	good := []struct{ in, want string }{
		{"jane@example.com", "jane@example.com"},
		{"  Jane@Example.com ", "Jane@Example.com"},
		{"user@bücher.example", "user@bücher.example"},
		{"user@XN--BCHER-KVA.EXAMPLE", "user@XN--BCHER-KVA.EXAMPLE"},
		{"jose\u0301@example.test", "jose\u0301@example.test"},
		{"josé@example.test", "josé@example.test"},
		{"user@example.test.", "user@example.test"},
		{"ｍａｒｙ＠ｅｘａｍｐｌｅ．ｔｅｓｔ", "ｍａｒｙ@ｅｘａｍｐｌｅ．ｔｅｓｔ"},
		{"иван@пример.рф", "иван@пример.рф"},
		{strings.Repeat("é", 32) + "@example.test", strings.Repeat("é", 32) + "@example.test"},
		{"abcd@" + long + "." + long + "." + long + "." + strings.Repeat("a", 57), "abcd@" + long + "." + long + "." + long + "." + strings.Repeat("a", 57)},
	}
	for _, c := range good {
		got, err := ValidateEmail("email", c.in)
		if err != nil || got != c.want {
			t.Errorf("ValidateEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	bad := []string{
		"", "jane", "jane@", "@example.com", "jane@example", "Jane <jane@example.com>", "jane@example..com",
		"jane@exa_mple.com", "jane@-example.com", "jane@[192.0.2.1]", "jane@xn--zz.example",
		"ja\u200bne@example.com", "ja\u202ene@example.com", "ja\u0085ne@example.com",
		strings.Repeat("a", 65) + "@example.com",
		strings.Repeat("é", 33) + "@example.test",
		"abcde@" + long + "." + long + "." + long + "." + strings.Repeat("a", 57),
		"a@" + long + "." + long + "." + long + "." + strings.Repeat("a", 61), // a valid 253-octet domain
		"a@" + strings.Repeat("a", 64) + ".example",
	}
	for _, in := range bad {
		got, err := ValidateEmail("admin_email", in)
		e := AsError(err)
		if e == nil || e.Kind != KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "admin_email" {
			t.Errorf("ValidateEmail(%q) = %q, %v; want an invalid admin_email", in, got, err)
		}
	}
}

// TestValidEmailKeepsKey: what ValidateEmail returns has the key of what
// was typed, so the trimming it does never splits a mailbox.
func TestValidEmailKeepsKey(t *testing.T) {
	for _, in := range []string{" user@example.test. ", "USER@Bücher.Example", "jose\u0301@example.test。", "ｍａｒｙ＠ｅｘａｍｐｌｅ．ｔｅｓｔ．"} {
		out, err := ValidateEmail("email", in)
		if err != nil || EmailKey(out) != EmailKey(in) {
			t.Errorf("ValidateEmail(%q) = %q, %v: key %q, typed key %q", in, out, err, EmailKey(out), EmailKey(in))
		}
	}
}
