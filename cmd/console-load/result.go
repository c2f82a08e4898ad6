package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

type result struct {
	latency  []time.Duration // sorted; paced: from the scheduled send time
	service  []time.Duration // sorted; paced only: from the actual send
	late     int             // paced: requests sent after their due time
	behind   time.Duration   // paced: the most a request was sent after its due time
	duration time.Duration   // the span the throughput is counted over
}

// newResult gathers the connections' measurements. A paced run's
// throughput is counted until its last answer, which comes after the end
// when the server (or the client) fell behind the schedule.
func newResult(per []connResult, w window, l *load) *result {
	r := &result{duration: l.duration}
	for _, c := range per {
		r.latency = append(r.latency, c.latency...)
		r.service = append(r.service, c.service...)
		r.late += c.late
		r.behind = max(r.behind, c.behind)
		r.duration = max(r.duration, c.last.Sub(w.measureFrom))
	}
	slices.Sort(r.latency)
	slices.Sort(r.service)
	return r
}

// percentile is the latency that p of the sorted latencies did not exceed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)))
	return sorted[min(i, len(sorted)-1)]
}

func (r *result) print(w io.Writer, l *load) {
	n := len(r.latency)
	throughput := float64(n) / r.duration.Seconds()
	if l.rate <= 0 {
		fmt.Fprintf(w, "%d connections, as fast as answered, %s measured after %s warm-up\n", l.conns, l.duration, l.warmup)
		fmt.Fprintf(w, "requests %d  throughput %.0f req/s\n", n, throughput)
		fmt.Fprintf(w, "latency  %s\n", percentiles(r.latency))
		return
	}
	fmt.Fprintf(w, "%d connections, paced to %.0f req/s, %s measured after %s warm-up\n", l.conns, l.rate, l.duration, l.warmup)
	fmt.Fprintf(w, "requests %d  throughput %.0f req/s  sent late %d (up to %s after due)\n", n, throughput, r.late, us(r.behind))
	fmt.Fprintf(w, "latency from due   %s\n", percentiles(r.latency))
	fmt.Fprintf(w, "latency from send  %s\n", percentiles(r.service))
}

func percentiles(sorted []time.Duration) string {
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
		us(percentile(sorted, 0.50)), us(percentile(sorted, 0.90)), us(percentile(sorted, 0.99)),
		us(percentile(sorted, 0.999)), us(percentile(sorted, 1)))
}

// us prints d in microseconds, or in milliseconds from 10 ms up.
func us(d time.Duration) string {
	if d >= 10*time.Millisecond {
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
}
