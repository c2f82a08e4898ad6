package password

import (
	"errors"
	"sync"
)

// dummy holds the fixed hash VerifyDummy checks against.
var dummy struct {
	once sync.Once
	hash string
}

// VerifyDummy costs the same as a Verify of plain against a hash made
// with DefaultParams, and discards the result. Call it when the account
// being logged into does not exist, so that the response time does not
// reveal whether it does. The dummy hash is computed on the first call,
// which therefore costs twice as much. Its only error is ErrBusy, when the
// hashing queue is full, as Verify's would be.
func VerifyDummy(plain string) error {
	dummy.once.Do(func() { dummy.hash = dummyHash() })
	_, _, err := Verify(plain, dummy.hash)
	if errors.Is(err, ErrBusy) {
		return err
	}
	return nil
}

// dummyHash returns a fixed DefaultParams hash with an all-zero salt.
func dummyHash() string {
	salt := make([]byte, saltLen)
	key := derive("console dummy password", DefaultParams, salt, keyLen)
	return phc{params: DefaultParams, salt: salt, key: key}.String()
}
