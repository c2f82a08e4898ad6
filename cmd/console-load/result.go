package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

type result struct {
	sorted   []time.Duration
	duration time.Duration
}

func newResult(perConn [][]time.Duration, duration time.Duration) *result {
	all := slices.Concat(perConn...)
	slices.Sort(all)
	return &result{sorted: all, duration: duration}
}

// percentile is the latency that p of the requests did not exceed.
func (r *result) percentile(p float64) time.Duration {
	if len(r.sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(r.sorted)))
	return r.sorted[min(i, len(r.sorted)-1)]
}

func (r *result) print(w io.Writer, l *load) {
	pace := "as fast as answered"
	if l.rate > 0 {
		pace = fmt.Sprintf("paced to %.0f req/s", l.rate)
	}
	fmt.Fprintf(w, "%d connections, %s, %s measured after %s warm-up\n", l.conns, pace, l.duration, l.warmup)
	fmt.Fprintf(w, "requests %d  throughput %.0f req/s\n", len(r.sorted), float64(len(r.sorted))/r.duration.Seconds())
	fmt.Fprintf(w, "latency  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s\n",
		us(r.percentile(0.50)), us(r.percentile(0.90)), us(r.percentile(0.99)), us(r.percentile(0.999)), us(r.percentile(1)))
}

func us(d time.Duration) string { return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond)) }
