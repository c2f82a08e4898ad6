package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash is wrapped by the error Verify returns when the encoded
// hash is not an Argon2id v=19 PHC string with parameters and salt and key
// lengths this package accepts.
var ErrMalformedHash = errors.New("password: malformed or unsupported hash")

// Bounds on decoded salt and key lengths, in bytes.
const (
	minSalt, maxSalt = 8, 64
	minKey, maxKey   = 16, 64
)

var b64 = base64.RawStdEncoding.Strict()

// phc is a decoded Argon2id PHC string.
type phc struct {
	params    Params
	salt, key []byte
}

// String encodes h as "$argon2id$v=19$m=…,t=…,p=…$<salt>$<key>".
func (h phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.params.Memory, h.params.Time, h.params.Parallelism,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// weakerThan reports whether h is cheaper to attack than a hash made now
// with p. Parallelism is ignored: it does not change the total cost.
func (h phc) weakerThan(p Params) bool {
	return h.params.Memory < p.Memory || h.params.Time < p.Time ||
		len(h.salt) < saltLen || len(h.key) < keyLen
}

// parsePHC decodes s, rejecting anything but a canonical Argon2id string.
func parsePHC(s string) (phc, error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return phc{}, malformed("want 5 fields separated by '$'")
	}
	if f[1] != "argon2id" {
		return phc{}, malformed("algorithm is not argon2id")
	}
	if f[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return phc{}, malformed("unsupported version %q", f[2])
	}
	p, err := parseParams(f[3])
	if err != nil {
		return phc{}, malformed("parameters: %v", err)
	}
	salt, err := decodeB64(f[4], minSalt, maxSalt)
	if err != nil {
		return phc{}, malformed("salt: %v", err)
	}
	key, err := decodeB64(f[5], minKey, maxKey)
	if err != nil {
		return phc{}, malformed("key: %v", err)
	}
	return phc{params: p, salt: salt, key: key}, nil
}

// parseParams decodes "m=<uint>,t=<uint>,p=<uint>" and validates it.
func parseParams(s string) (Params, error) {
	f := strings.Split(s, ",")
	if len(f) != 3 {
		return Params{}, errors.New("want m=…,t=…,p=…")
	}
	m, errM := parseField(f[0], "m=", 32)
	t, errT := parseField(f[1], "t=", 32)
	p, errP := parseField(f[2], "p=", 8)
	if err := errors.Join(errM, errT, errP); err != nil {
		return Params{}, err
	}
	params := Params{Memory: uint32(m), Time: uint32(t), Parallelism: uint8(p)}
	return params, params.validate()
}

// parseField decodes "<prefix><decimal>" into an unsigned integer.
func parseField(s, prefix string, bits int) (uint64, error) {
	v, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, fmt.Errorf("want %s…", prefix)
	}
	return strconv.ParseUint(v, 10, bits)
}

// decodeB64 decodes unpadded standard base64 of min to max bytes.
func decodeB64(s string, min, max int) ([]byte, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, err
	}
	if len(b) < min || len(b) > max {
		return nil, fmt.Errorf("length %d outside %d..%d bytes", len(b), min, max)
	}
	return b, nil
}

// malformed returns an error wrapping ErrMalformedHash.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
}
