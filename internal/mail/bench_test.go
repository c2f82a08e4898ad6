package mail_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"console/internal/mail"
	"console/internal/mailtest"
)

// BenchmarkSend sends a small text+HTML message to the in-process catcher from 1 goroutine
// (one message after another), 4, 8 and 16, over a new connection for each message ("new",
// SetMaxIdle(0), what Send did before connections were reused) or over reused ones
// ("reuse", SetMaxIdle(workers)). It reports emails/s and connections opened per email; the
// catcher shares the CPU.
//
//	go test -run '^$' -bench BenchmarkSend -count 3 ./internal/mail/
func BenchmarkSend(b *testing.B) {
	for _, mode := range []string{"new", "reuse"} {
		for _, workers := range []int{1, 4, 8, 16} {
			b.Run(fmt.Sprintf("%s/workers=%d", mode, workers), func(b *testing.B) {
				benchmarkSend(b, mode == "reuse", workers)
			})
		}
	}
}

func benchmarkSend(b *testing.B, reuse bool, workers int) {
	c := mailtest.Start(b)
	s, err := mail.NewSMTP(c.URL(), from)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.SetMaxIdle(0)
	if reuse {
		s.SetMaxIdle(workers)
	}
	m := mail.Message{To: "bench@example.com", Subject: "Benchmark", Text: "Hello, world.", HTML: "<p>Hello, world.</p>"}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := s.Send(context.Background(), m); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "emails/s")
	b.ReportMetric(float64(c.Connections())/float64(b.N), "conns/email")
	if n := len(c.Messages()); n != b.N {
		b.Errorf("catcher got %d messages, want %d", n, b.N)
	}
}
