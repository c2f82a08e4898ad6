package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"console/internal/store/storetest"
)

// TestPeriodicJobsOnceAcrossProcesses starts three `console serve`
// processes on one database at once: each keeps the periodic jobs (session
// sweep, retention) scheduled, and each period's job exists once and runs
// once, done on its first claim, whichever process took it.
func TestPeriodicJobsOnceAcrossProcesses(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			for range 3 {
				startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
			}
			raw := storetest.Raw(t, dsn)
			deadline := time.Now().Add(20 * time.Second)
			for {
				var keys, done, rows int
				err := raw.QueryRow(`SELECT COUNT(DISTINCT unique_key), COUNT(*) FILTER (WHERE state = 'done' AND attempts = 1), COUNT(*)
					FROM jobs WHERE kind IN ('sweep_sessions', 'retention')`).Scan(&keys, &done, &rows)
				if err != nil {
					t.Fatal(err)
				}
				if keys >= 2 && done == rows && rows == keys {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("periodic jobs: %d periods, %d rows, %d done on their first claim", keys, rows, done)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// startProcess runs this test binary as `console args...` until the test
// ends, then stops it with SIGTERM and checks it exited cleanly. It
// returns the URL the process listens on once its log names it.
func startProcess(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "CONSOLE_TEST_AS_MAIN=1")
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil && !strings.Contains(err.Error(), "signal: terminated") {
			t.Errorf("console %s: %v\n%s", args[0], err, out.String())
		} else if t.Failed() {
			t.Logf("console %s printed:\n%s", args[0], out.String())
		}
	})
	listening := regexp.MustCompile(`url=(http://\S+)`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("console %s did not start:\n%s", args[0], out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lockedBuffer is a bytes.Buffer safe for a process's two output streams.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
