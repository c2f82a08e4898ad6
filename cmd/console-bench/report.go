package main

import (
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"time"

	"console/internal/loadgen"
)

// report is everything a run measured, as --json writes it.
type report struct {
	Started         time.Time         `json:"started"`
	URL             string            `json:"url"`
	Org             string            `json:"org"`
	Connections     int               `json:"connections"`
	WarmupSeconds   float64           `json:"warmup_seconds"`
	DurationSeconds float64           `json:"duration_seconds"`
	Machine         machine           `json:"machine"`
	HashRate        *hashRate         `json:"hash_rate,omitempty"`
	Floor           *Figures          `json:"floor"`
	FloorAbout      string            `json:"floor_about"`
	Scenarios       []*scenarioReport `json:"scenarios"`
}

// machine is where console-bench ran (Console too, when it ran there).
type machine struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Go         string `json:"go"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
}

type scenarioReport struct {
	Name    string `json:"name"`
	About   string `json:"about"`
	Skipped string `json:"skipped,omitempty"`
	*Figures
	// Kinds holds the mixed scenario's figures by kind of request, and
	// "writes" for invitations and edits together.
	Kinds map[string]*Figures `json:"kinds,omitempty"`
	// ServerCPUPerRequestMs is Console's CPU time per request, from
	// process_cpu_seconds_total in its /metrics.
	ServerCPUPerRequestMs float64 `json:"server_cpu_per_request_ms,omitempty"`
	// P99VsFloor is the p99 over the floor's p99.
	P99VsFloor float64 `json:"p99_vs_floor,omitempty"`
	// Signin is, for the signin scenario, its rate against the raw hash rate.
	Signin *signinRatios `json:"signin,omitempty"`
}

// Figures are the measurements of one class of request, or of several.
type Figures struct {
	PacedRate float64 `json:"paced_rate,omitempty"` // requests per second; 0: as fast as answered
	Requests  int     `json:"requests"`
	PerSecond float64 `json:"per_second"`
	// Latencies of every answer, in ms: from the due time when paced.
	P50Ms float64 `json:"p50_ms"`
	P95Ms float64 `json:"p95_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
	// Paced only: p99 from the send, requests sent after their due time.
	FromSendP99Ms float64 `json:"from_send_p99_ms,omitempty"`
	Late          int     `json:"late,omitempty"`
	// Errors are the answers outside 2xx and the exchanges without one
	// (status 0), also counted by status, with the start of one of each.
	Errors   int            `json:"errors"`
	Statuses map[int]int    `json:"statuses"`
	Samples  map[int]string `json:"samples,omitempty"`
}

type signinRatios struct {
	PerSecond          float64 `json:"per_second"`                      // successful sign-ins
	VsRawPerSecond     float64 `json:"vs_raw_hashes_per_second"`        // over the raw hashes per second
	PerServerCPUSecond float64 `json:"per_server_cpu_second,omitempty"` // successful sign-ins per second of Console's CPU
	VsRawPerCPUSecond  float64 `json:"vs_raw_hashes_per_cpu_second,omitempty"`
}

func newFigures(c loadgen.Class, r *loadgen.Result, rate float64) *Figures {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	f := &Figures{PacedRate: rate, Requests: c.Requests(), PerSecond: float64(c.Requests()) / r.Duration.Seconds(),
		P50Ms: ms(loadgen.Percentile(c.Latency, 0.50)), P95Ms: ms(loadgen.Percentile(c.Latency, 0.95)),
		P99Ms: ms(loadgen.Percentile(c.Latency, 0.99)), MaxMs: ms(loadgen.Percentile(c.Latency, 1)),
		Errors: c.Errors(), Statuses: c.Statuses, Samples: map[int]string{}}
	if rate > 0 {
		f.FromSendP99Ms, f.Late = ms(loadgen.Percentile(c.Service, 0.99)), r.Late
	}
	for status, text := range c.Samples {
		f.Samples[status] = brief(text)
	}
	return f
}

// brief is the detail of a problem+json body, or the start of any other.
func brief(body string) string {
	var p struct{ Title, Detail string }
	if json.Unmarshal([]byte(body), &p) == nil && p.Title+p.Detail != "" {
		return strings.TrimSpace(p.Title + ": " + p.Detail)
	}
	body = strings.Join(strings.Fields(body), " ")
	if len(body) > 200 {
		body = body[:200] + "..."
	}
	return body
}

func newReport(o *options, started time.Time) *report {
	return &report{Started: started.UTC().Truncate(time.Second), URL: o.url, Org: o.org, Connections: o.conns,
		WarmupSeconds: o.warmup.Seconds(), DurationSeconds: o.duration.Seconds(),
		Machine: machine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}}
}

// add reports m, against the floor and the raw hash rate when measured.
func (rep *report) add(m *measured) *scenarioReport {
	s := &scenarioReport{Name: m.name, About: m.about, Skipped: m.skipped}
	rep.Scenarios = append(rep.Scenarios, s)
	if m.res == nil {
		return s
	}
	s.Figures = newFigures(loadgen.Merge(m.res.Classes...), m.res, m.rate)
	if len(m.classes) > 1 {
		s.Kinds = map[string]*Figures{}
		var writes []loadgen.Class
		for i, kind := range m.classes {
			s.Kinds[kind] = newFigures(m.res.Classes[i], m.res, m.rate)
			if kind == "invite" || kind == "edit" {
				writes = append(writes, m.res.Classes[i])
			}
		}
		s.Kinds["writes"] = newFigures(loadgen.Merge(writes...), m.res, m.rate)
	}
	if m.cpuKnown && s.Requests > 0 {
		s.ServerCPUPerRequestMs = m.serverCPU * 1000 / float64(s.Requests)
	}
	if rep.Floor != nil && rep.Floor.P99Ms > 0 {
		s.P99VsFloor = s.P99Ms / rep.Floor.P99Ms
	}
	if m.name == "signin" && rep.HashRate != nil {
		ok := m.res.Classes[0].Statuses[200]
		r := &signinRatios{PerSecond: float64(ok) / m.res.Duration.Seconds()}
		r.VsRawPerSecond = r.PerSecond / rep.HashRate.PerSecond
		if m.cpuKnown && m.serverCPU > 0 {
			r.PerServerCPUSecond = float64(ok) / m.serverCPU
			r.VsRawPerCPUSecond = r.PerServerCPUSecond / rep.HashRate.PerCPUSecond
		}
		s.Signin = r
	}
	return s
}

func (rep *report) writeJSON(path string) error {
	raw, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}
