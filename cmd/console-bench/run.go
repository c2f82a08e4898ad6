package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"console/internal/loadgen"
)

// runMain is `console-bench run`.
func runMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := parseRunFlags(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	target, _, err := loadgen.ParseTarget(o.url, "console-bench")
	if err != nil {
		return fmt.Errorf("%w: --url: %v", errUsage, err)
	}
	started := time.Now()
	a := newAPI(o.url, o.timeout)
	if err := a.signIn(ctx, o.org, o.email, o.password); err != nil {
		return fmt.Errorf("sign in as %s: %w", o.email, err)
	}
	f, err := gather(ctx, a, o, stderr)
	if err != nil {
		return err
	}
	if o.conns > 20 && slices.Contains(o.scenarios, "signin") {
		fmt.Fprintln(stderr, "note: Console refuses more than 20 sign-ins at once from one address (429) unless they succeed first")
	}
	b := &builder{target: target, cookie: a.cookie, csrf: a.csrf}
	scenarios := plan(o, b, f, strconv.FormatInt(started.UnixNano(), 36))
	rep, err := measureAll(ctx, o, target, a, scenarios, started, stderr)
	if rep == nil || rep.Floor == nil {
		return err
	}
	if err != nil { // interrupted: report what was measured
		fmt.Fprintf(stdout, "INTERRUPTED after %d of %d scenarios: %v\n", len(rep.Scenarios), len(scenarios), err)
	}
	rep.print(stdout, o)
	if o.jsonFile != "" {
		if werr := rep.writeJSON(o.jsonFile); werr != nil {
			return werr
		}
	}
	return err
}

// measureAll measures the raw hash rate, the floor, then each scenario in
// turn, telling progress on stderr. On an error it returns what it
// measured before, if anything.
func measureAll(ctx context.Context, o *options, target loadgen.Target, a *api, scenarios []*scenario, started time.Time, stderr io.Writer) (*report, error) {
	rep := newReport(o, started)
	if o.hashTime > 0 {
		fmt.Fprintf(stderr, "raw hash rate: %d goroutines for %s\n", rep.Machine.GOMAXPROCS, o.hashTime)
		h, err := measureHashes(ctx, o.hashTime)
		if err != nil {
			return nil, fmt.Errorf("raw hash rate: %w", err)
		}
		rep.HashRate = h
	}
	fmt.Fprintf(stderr, "floor: %d connections for %s\n", o.conns, o.warmup+min(o.duration, maxFloorTime))
	floor, err := measureFloor(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("floor: %w", err)
	}
	rep.Floor, rep.FloorAbout = newFigures(floor.res.Classes[0], floor.res, floor.rate), floor.about
	for i, s := range scenarios {
		fmt.Fprintf(stderr, "[%d/%d] %s: %s\n", i+1, len(scenarios), s.name, s.about)
		m, err := measure(ctx, o, target, a, s)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", s.name, err)
		}
		if sr := rep.add(m); sr.Figures != nil {
			fmt.Fprintf(stderr, "        %.1f req/s, p99 %s ms, errors %s\n", sr.PerSecond, msf(sr.P99Ms), statuses(sr.Figures))
		} else {
			fmt.Fprintf(stderr, "        skipped: %s\n", m.skipped)
		}
	}
	return rep, nil
}
