package console

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// idnaLookup converts domains as RFC 5891 §5 and UTS #46 say to look them
// up: non-transitional mapping, STD3 rules, hyphen, joiner and Bidi
// checks, DNS lengths. Pinned here rather than idna.Lookup, whose options
// may change between versions, because stored keys depend on it.
var idnaLookup = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.BidiRule(), idna.VerifyDNSLength(true))

// Length limits of an address, in octets (RFC 5321 §4.5.3.1 and its errata:
// a path is at most 256 octets with its angle brackets).
const (
	maxLocalPart = 64
	maxAddress   = 254
)

// EmailKey returns the canonical form of an email address: the only form
// Console compares, keeps unique per organization and looks users up by,
// so that two spellings of one mailbox are always one user. It accepts
// anything, valid address or not, and is idempotent.
//
// Addresses may be written in UTF-8 (RFC 6531 for SMTP, RFC 6532 for
// headers), so one mailbox has many spellings: upper or lower case,
// precomposed or combining accents, full-width forms, a domain in Unicode
// (U-labels) or in its ASCII form (A-labels, "xn--"), a trailing root dot,
// surrounding spaces. The key is made of:
//
//   - the domain in its IDNA ASCII form (golang.org/x/net/idna, UTS #46
//     non-transitional processing, that is IDNA2008 as RFC 5891 looks names
//     up), lower-cased and without the root dot. UTS #46 folds case and
//     width and normalizes to NFC on the way, so "Bücher.example",
//     "bücher.example" and "XN--BCHER-KVA.EXAMPLE" are all
//     "xn--bcher-kva.example". Non-transitional processing keeps ß and ς,
//     as DNS does: straße.example and strasse.example are two domains;
//   - the local part compared caselessly in the sense of Unicode's
//     NFKC_Casefold (Unicode §3.13, UAX #31): compatibility normalization
//     (NFKC: full-width "ｊｏｓｅ" is "jose", e plus a combining acute is
//     é), full case folding (Straße is strasse, a final ς is σ),
//     default-ignorable characters removed (soft hyphen, zero-width
//     space, joiners), and NFKC again so that the result is stable. The
//     Turkish dotted İ and dotless ı fold to i: default folding keeps them
//     apart, but they are case variants of i in Turkish and look alike
//     everywhere. A quoted local part is compared unquoted (RFC 5321
//     §4.1.2).
//
// RFC 5321 leaves the meaning of a local part to the receiving server, so
// the key may merge two spellings that some server tells apart (Straße and
// STRASSE). That is the safe direction: two mailboxes that fold together
// cannot both be users of one organization, but no spelling of a mailbox
// can become a second user, and mail goes to the address as stored, never
// to the one typed. Provider-specific rules (dots and "+tags" at some
// providers) are not applied: they hold for those providers only.
//
// Examples: " José@Bücher.Example. " and "jose\u0301@xn--bcher-kva.example"
// are both "josé@xn--bcher-kva.example"; "ＵＳＥＲ@example.test" is
// "user@example.test"; "İnfo@example.test" is "info@example.test".
func EmailKey(email string) string {
	email = strings.TrimSpace(email)
	at := strings.LastIndexAny(email, "@＠﹫") // NFKC makes the last two '@'
	if at < 0 {
		return localKey(email)
	}
	_, size := utf8.DecodeRuneInString(email[at:])
	return localKey(email[:at]) + "@" + domainKey(email[at+size:])
}

// localKey is the caseless, normalized form of a local part.
func localKey(local string) string {
	s := norm.NFKC.String(unquote(local))
	s = strings.Map(cherokeeUpper, cases.Fold().String(s))
	s = strings.Map(dropIgnorable, s)
	s = turkishI.Replace(s)
	// Compatibility forms of accents (¨, ´) become a space and a combining
	// mark: trimmed here as they would be from the address.
	return strings.TrimSpace(norm.NFKC.String(s))
}

// turkishI maps the dotted and dotless i of Turkish, as folded, to i.
var turkishI = strings.NewReplacer("i\u0307", "i", "ı", "i")

// cherokeeUpper corrects cases.Fold, which swaps the case of Cherokee
// letters (so folding twice undoes it): Unicode folds them to upper case
// (CaseFolding.txt, since Unicode 8).
func cherokeeUpper(r rune) rune {
	if unicode.Is(unicode.Cherokee, r) {
		return unicode.ToUpper(r)
	}
	return r
}

// dropIgnorable removes characters that show nothing by themselves.
func dropIgnorable(r rune) rune {
	if invisible(r) {
		return -1
	}
	return r
}

// invisible reports whether r is a control, format or other
// default-ignorable character: nothing a person sees or means to type in an
// address. Format characters that show (the Arabic number signs, which
// Unicode calls prepended concatenation marks) are not among them.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Prepended_Concatenation_Mark, r)
}

// unquote returns the content of a quoted local part ("john" is john).
func unquote(local string) string {
	if len(local) < 2 || local[0] != '"' || local[len(local)-1] != '"' {
		return local
	}
	var b strings.Builder
	escaped := false
	for _, r := range local[1 : len(local)-1] {
		if r == '\\' && !escaped {
			escaped = true
			continue
		}
		escaped = false
		b.WriteRune(r)
	}
	return b.String()
}

// domainKey is the IDNA ASCII form of a domain, lower-cased, without the
// root dot. A domain that has none (which ValidateEmail refuses, but a
// person may type at sign-in or an old row may hold) is folded like a local
// part, so that the key stays a function of what was typed.
func domainKey(domain string) string {
	ascii, err := asciiDomain(domain)
	if err != nil {
		return localKey(trimRootDot(domain))
	}
	return ascii
}

// asciiDomain converts domain to its IDNA ASCII form without the root dot,
// or fails when it has none.
func asciiDomain(domain string) (string, error) {
	ascii, err := idnaLookup.ToASCII(trimRootDot(domain))
	if err != nil {
		return "", err
	}
	return strings.ToLower(ascii), nil
}

// ValidateEmail checks that email is a single bare address that mail can
// reach, and returns it as typed but for surrounding spaces, a trailing
// root dot and a full-width at-sign: Console shows and writes to an
// address the way the person gave it, and compares it by EmailKey. The local part may be UTF-8
// (RFC 6531); the domain must have an IDNA ASCII form (RFC 5891); the local
// part is at most 64 octets and the address, with its domain in ASCII
// form, at most 254. Invisible and control characters are refused: they
// make one address look like another. field names the input in the error.
func ValidateEmail(field, email string) (string, error) {
	email = asciiAt(trimRootDot(strings.TrimSpace(email)))
	if email == "" {
		return "", Invalid(FieldError{field, "Enter an email address."})
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email {
		return "", Invalid(FieldError{field, "Enter a valid email address, like name@example.com."})
	}
	if strings.IndexFunc(email, invisible) >= 0 || strings.IndexFunc(email, HiddenCharacter) >= 0 {
		return "", Invalid(FieldError{field, "Remove the invisible or control characters from this address."})
	}
	if strings.ContainsRune(email, utf8.RuneError) { // what a decoder made of bytes that were not UTF-8
		return "", Invalid(FieldError{field, "This address holds a character that could not be read (U+FFFD)."})
	}
	at := strings.LastIndexByte(email, '@')
	local, domain := email[:at], email[at+1:]
	ascii, err := asciiDomain(domain)
	if err != nil || !strings.Contains(ascii, ".") || numericTLD(ascii) {
		return "", Invalid(FieldError{field, "The domain after @ is not a valid domain name, like example.com."})
	}
	if len(local) > maxLocalPart {
		return "", Invalid(FieldError{field, "The part before @ is too long: at most 64 bytes (an accented letter takes two or more)."})
	}
	if len(local)+1+len(ascii) > maxAddress {
		return "", Invalid(FieldError{field, "This address is too long: at most 254 bytes."})
	}
	return email, nil
}

// asciiAt makes a full-width or small at-sign (as an input method in
// full-width mode types it) the separator of an address that has no other:
// EmailKey reads it so, and mail needs the ASCII one.
func asciiAt(email string) string {
	if strings.Contains(email, "@") {
		return email
	}
	at := strings.LastIndexAny(email, "＠﹫")
	if at < 0 {
		return email
	}
	_, size := utf8.DecodeRuneInString(email[at:])
	return email[:at] + "@" + email[at+size:]
}

// trimRootDot removes the dot that ends a fully qualified domain name
// ("example.com."): it names the same domain, and mail servers refuse it.
func trimRootDot(email string) string {
	for _, dot := range []string{".", "。", "．", "｡"} {
		if s, ok := strings.CutSuffix(email, dot); ok && !strings.HasSuffix(s, ".") {
			return s
		}
	}
	return email
}

// numericTLD reports a domain whose last label is all digits, as an IP
// address written without brackets is: no top-level domain is.
func numericTLD(ascii string) bool {
	tld := ascii[strings.LastIndexByte(ascii, '.')+1:]
	return tld != "" && strings.Trim(tld, "0123456789") == ""
}
