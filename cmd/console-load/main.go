// Command console-load measures the latency of one HTTP endpoint under a
// fixed number of concurrent keep-alive connections, each sending a
// request, reading the whole answer, then sending the next. It speaks just
// enough HTTP/1.1 to do so (internal/loadgen, which console-bench shares),
// to spend as little of the machine as it can on itself: on a small
// machine the load generator competes with the server it measures.
//
// Usage:
//
//	console-load -url http://127.0.0.1:8080/api/v1/authz/check -c 16 -d 15s \
//	  -method POST -body '{"user":"...","permission":"..."}' \
//	  -header 'Cookie: console_session=...' -header 'X-CSRF-Token: ...'
//
// Without -rate, each connection sends its next request as soon as the
// previous answer is read whole (a closed loop), and latency is measured
// from writing a request to reading the last byte of its answer.
//
// With -rate, request i is due at start + i/rate and goes on whichever
// connection is free first; its latency is measured from that due time,
// not from when it could be written. A server that stalls holds every
// connection, the requests falling due meanwhile wait for one, and the
// wait counts: measured from the send, a 500 ms stall would show in a
// handful of requests only and vanish from the percentiles (coordinated
// omission). No request is skipped or moved to catch up; those sent after
// their due time are counted as late, and the run goes on past -d until
// every request due within it has been answered. Latency from the send
// is printed too, for comparison. This is wrk2's correction, on a
// schedule shared by all connections.
//
// Any answer but -status stops the run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"time"

	"console/internal/loadgen"
)

type headers []string

func (h *headers) String() string     { return strings.Join(*h, "; ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "console-load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("console-load", flag.ContinueOnError)
	var hs headers
	target := fs.String("url", "", "the http:// URL to load (required)")
	method := fs.String("method", "GET", "request method")
	body := fs.String("body", "", "request body (sent with Content-Type: application/json)")
	fs.Var(&hs, "header", "extra request header, as 'Name: value' (repeatable)")
	conns := fs.Int("c", 16, "concurrent connections")
	duration := fs.Duration("d", 10*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 2*time.Second, "how long to send before measuring")
	rate := fs.Float64("rate", 0, "requests per second over all connections, latency measured from when each was due (0: as fast as answered)")
	status := fs.Int("status", 200, "the status every answer must have")
	serve := fs.String("serve", "", "instead of loading, serve a do-nothing endpoint on this address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *serve != "" {
		ln, err := net.Listen("tcp", *serve)
		if err != nil {
			return err
		}
		return loadgen.ServeFloor(ctx, ln)
	}
	if *target == "" || *conns < 1 || *duration <= 0 {
		return fmt.Errorf("-url is required, -c and -d must be positive")
	}
	req, addr, err := buildRequest(*target, *method, *body, hs)
	if err != nil {
		return err
	}
	load := &loadgen.Load{Addr: addr, Source: func(int) loadgen.Source { return loadgen.Fixed(req) }, Status: *status,
		Conns: *conns, Rate: *rate, Warmup: *warmup, Duration: *duration}
	res, err := load.Run(ctx)
	if err != nil {
		return err
	}
	printResult(stdout, res, load)
	return nil
}
