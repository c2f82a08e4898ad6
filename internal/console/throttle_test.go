package console

import (
	"testing"
	"time"
)

func TestAccountThrottleSchedule(t *testing.T) {
	p := AccountThrottle
	want := map[int]time.Duration{0: 0, 4: 0, 5: 15 * time.Second, 6: 30 * time.Second, 9: 4 * time.Minute,
		10: 15 * time.Minute, 11: 30 * time.Minute, 12: time.Hour, 14: 4 * time.Hour, 99: 4 * time.Hour, 100: Hold, 150: Hold}
	for n, w := range want {
		if got := p.Wait(n); got != w {
			t.Errorf("Wait(%d) = %s, want %s", n, got, w)
		}
	}
	// Well before 100 failures in a row, a lock (NIST SP 800-63B §5.2.2).
	total := time.Duration(0)
	for n := 1; n < 100; n++ {
		total += p.Wait(n)
	}
	if total < 14*24*time.Hour {
		t.Errorf("99 failures take %s of waiting, want weeks", total)
	}
}

func TestThrottleForgetsButNeverAHold(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	p := AddressThrottle
	quiet := ThrottleState{Failures: 25, LastFailure: now.Add(-3 * time.Hour)}
	if st := p.Current(quiet, now); st.Failures != 0 {
		t.Errorf("failures after a quiet spell: %+v", st)
	}
	held := ThrottleState{Failures: 100, LastFailure: now.Add(-365 * 24 * time.Hour)}
	if got := AccountThrottle.RetryAfter(held, now); got != Hold {
		t.Errorf("a held account after a year: %s", got)
	}
	waiting := ThrottleState{Failures: 5, LastFailure: now.Add(-10 * time.Second)}
	if got := AccountThrottle.RetryAfter(waiting, now); got != 5*time.Second {
		t.Errorf("5 failures 10 s ago: wait %s, want 5s", got)
	}
}
