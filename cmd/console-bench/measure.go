package main

import (
	"context"
	"net"
	"time"

	"console/internal/loadgen"
)

// measured is what one scenario, or the floor, measured.
type measured struct {
	name, about string
	rate        float64 // paced to this many requests per second; 0: flat out
	classes     []string
	res         *loadgen.Result
	// serverCPU is the CPU time the Console process used during the
	// measured run, in seconds; cpuKnown is false when /metrics did not
	// tell it.
	serverCPU float64
	cpuKnown  bool
	skipped   string
}

// measure runs s, --warmup unmeasured then -d measured, and reads
// Console's CPU time when the warm-up ends and when the run does.
func measure(ctx context.Context, o *options, target loadgen.Target, a *api, s *scenario) (*measured, error) {
	m := &measured{name: s.name, about: s.about, rate: o.rates.of(s.name), classes: s.classes, skipped: s.skipped}
	if s.skipped != "" {
		return m, nil
	}
	l := &loadgen.Load{Addr: target.Addr, Conns: o.conns, Rate: m.rate, Warmup: o.warmup, Duration: o.duration,
		Classes: len(s.classes), Timeout: o.timeout, Source: func(i int) loadgen.Source { return s.source(i, o.conns) }}
	var cpu0 float64
	var ok0 bool
	read := make(chan struct{})
	timer := time.AfterFunc(o.warmup, func() {
		defer close(read)
		cpu0, ok0 = a.serverCPU(ctx)
	})
	res, err := l.Run(ctx)
	if !timer.Stop() {
		<-read
	}
	if err != nil {
		return nil, err
	}
	cpu1, ok1 := a.serverCPU(ctx)
	m.res, m.cpuKnown, m.serverCPU = res, ok0 && ok1, cpu1-cpu0
	return m, nil
}

// measureFloor loads the do-nothing server as the scenarios load Console:
// the one at --floor-url, or one started in this process.
func measureFloor(ctx context.Context, o *options) (*measured, error) {
	m := &measured{name: "floor", rate: o.rates.of("floor"), classes: []string{""}}
	addr := o.floorURL
	if addr == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- loadgen.ServeFloor(ctx, ln) }()
		defer func() { cancel(); <-done }()
		addr = "http://" + ln.Addr().String() + "/"
		m.about = "GET / of a do-nothing HTTP server in this process (loadgen.ServeFloor)"
	} else {
		m.about = "GET " + addr + ", a do-nothing HTTP server"
	}
	target, uri, err := loadgen.ParseTarget(addr, "console-bench")
	if err != nil {
		return nil, err
	}
	req := target.Request("GET", uri, "")
	l := &loadgen.Load{Addr: target.Addr, Conns: o.conns, Rate: m.rate, Warmup: o.warmup, Duration: min(o.duration, maxFloorTime),
		Timeout: o.timeout, Source: func(int) loadgen.Source { return loadgen.Fixed(req) }}
	if m.res, err = l.Run(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// maxFloorTime bounds how long the floor is measured: enough for its
// percentiles, however long the scenarios of a soak run.
const maxFloorTime = 10 * time.Second
