package service

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// newToken returns a 256-bit random token for the client and the SHA-256
// hash that is all the database keeps of it.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

// hashToken is how tokens are looked up: a database lookup by hash is safe
// against timing attacks because the attacker controls the input, not the
// hash it is compared with.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CSRFToken derives the anti-forgery token of a session from its secret
// token, so nothing more needs storing and a page can always re-derive it.
// Only a holder of the session cookie can compute it.
func CSRFToken(sessionToken string) string {
	mac := hmac.New(sha256.New, []byte(sessionToken))
	mac.Write([]byte("console csrf v1"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// ValidCSRF reports, in constant time, whether csrf belongs to sessionToken.
func ValidCSRF(sessionToken, csrf string) bool {
	return sessionToken != "" && hmac.Equal([]byte(CSRFToken(sessionToken)), []byte(csrf))
}
