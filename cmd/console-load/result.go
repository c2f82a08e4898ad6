package main

import (
	"fmt"
	"io"
	"time"

	"console/internal/loadgen"
)

// printResult writes what the run of l measured, its one class of request.
func printResult(w io.Writer, r *loadgen.Result, l *loadgen.Load) {
	c := r.Classes[0]
	n := len(c.Latency)
	throughput := float64(n) / r.Duration.Seconds()
	if l.Rate <= 0 {
		fmt.Fprintf(w, "%d connections, as fast as answered, %s measured after %s warm-up\n", l.Conns, l.Duration, l.Warmup)
		fmt.Fprintf(w, "requests %d  throughput %.0f req/s\n", n, throughput)
		fmt.Fprintf(w, "latency  %s\n", percentiles(c.Latency))
		return
	}
	fmt.Fprintf(w, "%d connections, paced to %.0f req/s, %s measured after %s warm-up\n", l.Conns, l.Rate, l.Duration, l.Warmup)
	fmt.Fprintf(w, "requests %d  throughput %.0f req/s  sent late %d (up to %s after due)\n", n, throughput, r.Late, loadgen.Micros(r.Behind))
	fmt.Fprintf(w, "latency from due   %s\n", percentiles(c.Latency))
	fmt.Fprintf(w, "latency from send  %s\n", percentiles(c.Service))
}

func percentiles(sorted []time.Duration) string {
	p := func(q float64) string { return loadgen.Micros(loadgen.Percentile(sorted, q)) }
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s", p(0.50), p(0.90), p(0.99), p(0.999), p(1))
}
