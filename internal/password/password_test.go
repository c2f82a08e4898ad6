package password

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// cheap keeps tests fast; only a few tests use DefaultParams.
var cheap = Params{Memory: 64, Time: 1, Parallelism: 1}

func mustHash(t *testing.T, plain string, p Params) string {
	t.Helper()
	h, err := HashWithParams(plain, p)
	if err != nil {
		t.Fatalf("HashWithParams: %v", err)
	}
	return h
}

func verify(t *testing.T, plain, encoded string) (ok, rehash bool) {
	t.Helper()
	ok, rehash, err := Verify(plain, encoded)
	if err != nil {
		t.Fatalf("Verify(%q): %v", plain, err)
	}
	return ok, rehash
}

func TestHashVerifyDefault(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected format %q", h)
	}
	if ok, rehash := verify(t, "correct horse battery staple", h); !ok || rehash {
		t.Errorf("right password: ok=%v rehash=%v, want true false", ok, rehash)
	}
	if ok, rehash := verify(t, "correct horse battery stapler", h); ok || rehash {
		t.Errorf("wrong password: ok=%v rehash=%v, want false false", ok, rehash)
	}
}

func TestSaltIsRandom(t *testing.T) {
	first, second := mustHash(t, "same password", cheap), mustHash(t, "same password", cheap)
	if first == second {
		t.Error("two hashes of one password are identical")
	}
}

func TestUnicode(t *testing.T) {
	h := mustHash(t, "pässwörd 🙂 long", cheap)
	if ok, _ := verify(t, "pässwörd 🙂 long", h); !ok {
		t.Error("unicode password did not verify")
	}
	if ok, _ := verify(t, "passwörd 🙂 long", h); ok {
		t.Error("different unicode password verified")
	}
}

func TestNFKCEquivalence(t *testing.T) {
	composed, decomposed := "caf\u00e9 au lait", "cafe\u0301 au lait"
	h := mustHash(t, composed, cheap)
	if ok, _ := verify(t, decomposed, h); !ok {
		t.Error("decomposed é did not verify against composed é")
	}
	h = mustHash(t, "\ufb01sh and chips", cheap) // "ﬁ" ligature
	if ok, _ := verify(t, "fish and chips", h); !ok {
		t.Error("ligature did not verify against its NFKC form")
	}
}

func TestNeedsRehash(t *testing.T) {
	weak := DefaultParams
	weak.Memory = 1024
	h := mustHash(t, "rehash me please", weak)
	if ok, rehash := verify(t, "rehash me please", h); !ok || !rehash {
		t.Errorf("lower m: ok=%v rehash=%v, want true true", ok, rehash)
	}
	if ok, rehash := verify(t, "wrong password!", h); ok || rehash {
		t.Errorf("wrong password: ok=%v rehash=%v, want false false", ok, rehash)
	}
}

func TestHashWithParamsRejectsBadParams(t *testing.T) {
	for _, p := range []Params{{}, {Memory: 64, Time: 0, Parallelism: 1},
		{Memory: 64, Time: 1, Parallelism: 0}, {Memory: 7, Time: 1, Parallelism: 1},
		{Memory: 1<<20 + 1, Time: 1, Parallelism: 1}} {
		if _, err := HashWithParams("whatever123", p); err == nil {
			t.Errorf("HashWithParams(%+v) succeeded", p)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	salt, key := strings.Repeat("A", 22), strings.Repeat("A", 43)
	good := "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key
	if _, _, err := Verify("x", good); err != nil {
		t.Fatalf("well-formed hash rejected: %v", err)
	}
	bad := []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "$",
		"x$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + key,
		"$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=0,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + key,
		"$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "!",
		"$argon2id$v=19$m=64,t=1,p=1$AAAA$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AAAA",
	}
	for _, enc := range bad {
		ok, rehash, err := Verify("x", enc)
		if !errors.Is(err, ErrMalformedHash) || ok || rehash {
			t.Errorf("Verify(%q) = %v, %v, %v; want ErrMalformedHash", enc, ok, rehash, err)
		}
	}
}

func TestVerifyDummy(t *testing.T) {
	VerifyDummy("anything at all")
	if _, err := parsePHC(dummy.hash); err != nil {
		t.Fatalf("dummy hash does not parse: %v", err)
	}
	if !strings.HasPrefix(dummy.hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("dummy hash %q not made with DefaultParams", dummy.hash)
	}
}

func TestBlocklistContents(t *testing.T) {
	for _, pw := range []string{"password", "password1", "12345678", "qwertyuiop", "iloveyou1"} {
		if !isCommon(pw) {
			t.Errorf("%q missing from blocklist", pw)
		}
	}
	if n := len(common.set); n < 3000 {
		t.Errorf("blocklist has %d entries, want at least 3000", n)
	}
	// Shorter entries are the words people lengthen: letters only.
	for pw := range common.set {
		n := utf8.RuneCountInString(pw)
		if strings.HasPrefix(pw, "#") || n < 4 || n < MinLength && strings.IndexFunc(pw, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			t.Errorf("unexpected blocklist entry %q", pw)
		}
	}
}

func TestCheck(t *testing.T) {
	const (
		short    = "Use at least 8 characters."
		long     = "Use at most 256 characters."
		tooCommn = "This password is too common; choose another."
		personal = "Don't use your email address or name in your password."
		repeated = "Avoid repeated or sequential characters (like aaaaaaaa or abcdefgh); choose another."
		hidden   = "Use at least 8 characters that show, not only spaces or accents."
		unusable = "Your password contains characters that can't be used."
	)
	ctx := []string{"Alice.Smith@Example.com", "Alice Smithson", "acme-corporation", "Acme Corporation Inc."}
	tests := []struct {
		name, plain, want string
	}{
		{"empty", "", short},
		{"short", "abc1234", short},
		{"short after NFKC counts code points", "ééééééé", short},
		{"8 ok", "tulip-mango", ""},
		{"common word and digits", "tulip-42", tooCommn},
		{"common word and a year", "Summer2024!", tooCommn},
		{"common word and a symbol", "letmein!", tooCommn},
		{"a word typed twice", "passwordpassword", repeated},
		{"sequence and a digit", "abcdefgh1", repeated},
		{"digits in sequence among symbols", "!!123456!!", repeated},
		{"ligatures expand under NFKC", "\ufb01ne \ufb02ow", ""},
		{"64 ok", strings.Repeat("abcdefgh", 7) + "ijklmnoz", ""},
		{"256 multibyte ok", strings.Repeat("éàüöß", 51) + "é", ""},
		{"257 rejected", strings.Repeat("a", 257), long},
		{"spaces and emoji ok", "pässwörd 🙂 long", ""},
		{"common", "password1", tooCommn},
		{"common any case", "PassWord1", tooCommn},
		{"sequential digits", "12345678", repeated},
		{"keyboard row", "QWERTYUIOP", repeated},
		{"keyboard row backwards", "lkjhgfdsa", repeated},
		{"sequential letters", "abcdefgh", repeated},
		{"sequential down", "87654321", repeated},
		{"one letter", "aaaaaaaa", repeated},
		{"one letter, upper case", "AAAAAAAA", repeated},
		{"two letters", "abababab", repeated},
		{"short pattern", "abcabcab", repeated},
		{"common with substitutions", "Passw0rd!", tooCommn},
		{"common with digits around", "123password!", tooCommn},
		{"spaces only", "        ", hidden},
		{"zero-width spaces", strings.Repeat("\u200b", 8), hidden},
		{"combining accents only", strings.Repeat("\u0301", 8), hidden},
		{"tabs", strings.Repeat("\t", 8), unusable},
		{"NUL", "abcd\x00efgh", unusable},
		{"equals email domain", "example.com", personal},
		{"email local part with substitutions", "@l1ce.smith", personal},
		{"equals email", "alice.smith@example.com", personal},
		{"equals email local part", "ALICE.SMITH", personal},
		{"equals name", "alice smithson", personal},
		{"equals slug", "Acme-Corporation", personal},
		{"contains name ok", "alice smithson rocks", ""},
		{"company name", "Acme Corporation Inc.", personal},
		{"company name run together", "acmecorporationinc1", personal},
		{"domain words swapped", "com.example", personal},
		{"email words", "smith alice", personal},
		{"invalid utf-8", "abcdefgh\xff", "Your password contains characters that can't be used."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.plain, ctx...)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check rejected: %v", err)
				}
				return
			}
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Reason != tt.want {
				t.Fatalf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCheckNoContext(t *testing.T) {
	if err := Check("alice.smith", "", "  "); err != nil {
		t.Errorf("blank context rejected password: %v", err)
	}
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
