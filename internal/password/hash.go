// Package password hashes, verifies and vets user passwords.
//
// Every function normalises the password to Unicode NFKC before using it,
// as NIST SP 800-63B suggests, so the same password typed on different
// keyboards or platforms hashes and verifies alike. Any Unicode text is
// allowed, including spaces and emoji. Hashes are Argon2id in the PHC
// string format.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are Argon2id cost parameters.
type Params struct {
	// Memory is the memory cost in KiB (PHC field "m").
	Memory uint32
	// Time is the number of passes over the memory (PHC field "t").
	Time uint32
	// Parallelism is the number of lanes (PHC field "p").
	Parallelism uint8
}

// DefaultParams are the parameters Hash uses and the baseline against
// which Verify decides whether a stored hash needs rehashing:
// m=19456 KiB, t=2, p=1. Treat it as read-only.
var DefaultParams = Params{Memory: 19456, Time: 2, Parallelism: 1}

const (
	saltLen   = 16      // bytes of random salt in new hashes
	keyLen    = 32      // bytes of derived key in new hashes
	maxMemory = 1 << 20 // KiB; refuse larger (1 GiB) to bound resource use
	maxTime   = 100     // refuse more passes to bound resource use
)

// Hash returns the Argon2id hash of the NFKC-normalised plain password
// with DefaultParams and a fresh 16-byte random salt, as a PHC string
// "$argon2id$v=19$m=…,t=…,p=…$<salt>$<key>" (unpadded standard base64).
// It fails if the system random source fails, or with ErrBusy when too
// many hashes wait (see SetHashers).
func Hash(plain string) (string, error) {
	return HashWithParams(plain, DefaultParams)
}

// HashWithParams is Hash with explicit cost parameters. It returns an
// error if p is unusable: Time must be 1–100, Parallelism at least 1 and
// Memory between 8×Parallelism and 1048576 KiB.
func HashWithParams(plain string, p Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: reading random salt: %w", err)
	}
	var key []byte
	if err := hashers.run(func() { key = derive(plain, p, salt, keyLen) }); err != nil {
		return "", err
	}
	h := phc{params: p, salt: salt, key: key}
	return h.String(), nil
}

// Verify reports whether plain matches the PHC-encoded Argon2id hash,
// recomputing it with the stored parameters and comparing in constant
// time. needsRehash is true only when ok is true and the stored hash is
// weaker than DefaultParams (less memory, fewer passes, or a shorter salt
// or key); the caller should then store a fresh Hash of plain. A malformed
// or unsupported encoded hash yields an error wrapping ErrMalformedHash,
// and a full hashing queue ErrBusy, with ok and needsRehash false. Every
// hash runs in a bounded pool (see SetHashers).
func Verify(plain, encoded string) (ok, needsRehash bool, err error) {
	verifications.Add(1)
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	var key []byte
	if err := hashers.run(func() { key = derive(plain, h.params, h.salt, uint32(len(h.key))) }); err != nil {
		return false, false, err
	}
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, h.weakerThan(DefaultParams), nil
}

// verifications counts calls of Verify, VerifyDummy included.
var verifications atomic.Int64

// Verifications returns how many password verifications this process has
// run. Sign-in pays exactly one per attempt, whatever the outcome; tests
// check that through this count rather than by timing.
func Verifications() int64 { return verifications.Load() }

// derive computes the Argon2id key of the normalised password.
func derive(plain string, p Params, salt []byte, n uint32) []byte {
	pw := []byte(norm.NFKC.String(plain))
	return argon2.IDKey(pw, salt, p.Time, p.Memory, p.Parallelism, n)
}

// validate checks that p is within the bounds this package accepts.
func (p Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time cost %d outside 1..%d", p.Time, maxTime)
	case p.Parallelism < 1:
		return fmt.Errorf("parallelism must be at least 1")
	case p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxMemory:
		return fmt.Errorf("memory cost %d KiB outside %d..%d", p.Memory, 8*uint32(p.Parallelism), maxMemory)
	}
	return nil
}
