package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// print writes the report as a table and notes, for people.
func (rep *report) print(w io.Writer, o *options) {
	fmt.Fprintf(w, "console-bench run, %s: %s, organization %s\n", rep.Started.Format("2006-01-02 15:04:05 MST"), rep.URL, rep.Org)
	fmt.Fprintf(w, "%d connections, %s; each scenario measured %s after %s warm-up\n", rep.Connections, pacing(o.rates), o.duration, o.warmup)
	fmt.Fprintf(w, "this machine: %d CPUs, GOMAXPROCS %d, %s %s/%s\n", rep.Machine.CPUs, rep.Machine.GOMAXPROCS, rep.Machine.Go, rep.Machine.OS, rep.Machine.Arch)
	if h := rep.HashRate; h != nil {
		fmt.Fprintf(w, "raw argon2id (m=%d KiB, t=%d, p=%d), %d goroutines for %.1fs: %.1f hashes/s, %.1f per CPU-second\n",
			h.MemoryKiB, h.Passes, h.Parallelism, h.Goroutines, h.Seconds, h.PerSecond, h.PerCPUSecond)
		if offered := float64(h.Goroutines) * h.Seconds; h.CPUSeconds > 0 && h.CPUSeconds < 0.8*offered {
			fmt.Fprintf(w, "  note: the hashing got %.1f of %.1f CPU-seconds; something else was running on this machine\n", h.CPUSeconds, offered)
		}
	}
	fmt.Fprintln(w)
	rep.printTable(w, o)
	rep.printSignin(w)
	rep.printErrors(w)
	fmt.Fprintln(w, "\nscenarios:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if rep.Floor != nil {
		fmt.Fprintf(tw, "  floor\t%s\n", rep.FloorAbout)
	}
	for _, s := range rep.Scenarios {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.About)
	}
	tw.Flush()
}

func (rep *report) printTable(w io.Writer, o *options) {
	paced := len(o.rates) > 0
	// Every name as wide as the longest: left-aligned in a right-aligned table.
	width := len("scenario")
	for _, s := range rep.Scenarios {
		width = max(width, len(s.Name))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "%-*s\trequests\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\tp99/floor\tCPU/req\t"
	if paced {
		head += "late\t"
	}
	fmt.Fprintf(tw, head+"errors\t\n", width, "scenario")
	row := func(name string, f *Figures, ratio float64, cpu float64) {
		fmt.Fprintf(tw, "%-*s\t%d\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t", width, name, f.Requests, f.PerSecond,
			msf(f.P50Ms), msf(f.P95Ms), msf(f.P99Ms), msf(f.MaxMs), times(ratio), cpuPer(cpu))
		if paced {
			fmt.Fprintf(tw, "%d\t", f.Late)
		}
		fmt.Fprintf(tw, "%s\t\n", statuses(f))
	}
	if rep.Floor != nil {
		row("floor", rep.Floor, 1, 0)
	}
	for _, s := range rep.Scenarios {
		if s.Figures == nil {
			fmt.Fprintf(tw, "%-*s\tskipped\t\n", width, s.Name)
			continue
		}
		row(s.Name, s.Figures, s.P99VsFloor, s.ServerCPUPerRequestMs)
		for _, kind := range append(slices.Clone(mixKinds), "writes") {
			if f := s.Kinds[kind]; f != nil && (f.Requests > 0 || kind == "writes") {
				row("  "+kind, f, 0, 0)
			}
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "latency of every answer, errors included; CPU/req: Console's CPU time per request, from its /metrics")
}

func (rep *report) printSignin(w io.Writer) {
	for _, s := range rep.Scenarios {
		r := s.Signin
		if r == nil {
			continue
		}
		fmt.Fprintf(w, "\nsign-in: %.1f successful sign-ins/s = %.2fx the raw hash rate (%.1f/s on this machine)",
			r.PerSecond, r.VsRawPerSecond, rep.HashRate.PerSecond)
		if r.PerServerCPUSecond > 0 {
			fmt.Fprintf(w, ";\n         %.1f per CPU-second of Console = %.2fx the raw hashes per CPU-second (%.1f)",
				r.PerServerCPUSecond, r.VsRawPerCPUSecond, rep.HashRate.PerCPUSecond)
		}
		fmt.Fprintln(w)
	}
}

func (rep *report) printErrors(w io.Writer) {
	printed := false
	for _, s := range rep.Scenarios {
		if s.Figures == nil || s.Errors == 0 {
			continue
		}
		if !printed {
			fmt.Fprintln(w, "\nerrors (status 0: no answer), with one answer of each:")
			printed = true
		}
		for _, status := range sortedKeys(s.Samples) {
			fmt.Fprintf(w, "  %s %d x%d: %s\n", s.Name, status, s.Statuses[status], s.Samples[status])
		}
	}
}

func pacing(r rates) string {
	if len(r) == 0 {
		return "as fast as answered"
	}
	var parts []string
	for _, name := range sortedKeys(r) {
		label := name
		if label == "" {
			label = "every scenario"
		}
		parts = append(parts, fmt.Sprintf("%s %g req/s", label, r[name]))
	}
	return "paced (latency from the due time): " + strings.Join(parts, ", ")
}

// statuses is "0" or the count of each error status, "503x12 429x3".
func statuses(f *Figures) string {
	if f.Errors == 0 {
		return "0"
	}
	var parts []string
	for _, s := range sortedKeys(f.Statuses) {
		if s < 200 || s > 299 {
			parts = append(parts, fmt.Sprintf("%dx%d", s, f.Statuses[s]))
		}
	}
	return strings.Join(parts, " ")
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// msf prints milliseconds with about three significant figures.
func msf(v float64) string {
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func times(ratio float64) string {
	if ratio <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fx", ratio)
}

func cpuPer(ms float64) string {
	if ms <= 0 {
		return "-"
	}
	if ms < 1 {
		return fmt.Sprintf("%.0fµs", ms*1000)
	}
	return fmt.Sprintf("%.1fms", ms)
}
