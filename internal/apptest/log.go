package apptest

import (
	"os"
	"testing"
)

func testingVerbose() bool { return os.Getenv("CONSOLE_TEST_LOG") != "" }

// testWriter sends the server's log lines to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
