// Package metrics defines Console's Prometheus metrics and serves them at
// /metrics. Counters that the service and job queue move are package
// variables registered once; gauges that are cheapest read at scrape time
// (queue depths, pool sizes) are functions given by the server. Labels
// never carry ids, emails or addresses: routes are ServeMux patterns.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds every Console metric, apart from the default registry
// so that tests starting several servers in one process do not collide.
var Registry = prometheus.NewRegistry()

var (
	requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "console_http_requests_total", Help: "HTTP requests answered, by route pattern, method and status."},
		[]string{"route", "method", "status"})
	latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "console_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern, in seconds.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20}},
		[]string{"route", "method"})
	// SignIns counts sign-in attempts by their true result (see
	// console.SignInResult).
	SignIns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "console_sign_in_attempts_total", Help: "Sign-in attempts by true result (success, wrong_password, throttled, ...)."},
		[]string{"result"})
	// Emails counts tries of emails by outcome: sent, retrying, failed,
	// kept (Outbox), cancelled.
	Emails = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "console_emails_total", Help: "Email outcomes: sent, retrying, failed, kept (Outbox), cancelled."},
		[]string{"outcome"})
	// Jobs counts finished attempts of background jobs by kind and outcome
	// (done, retry, failed, lost: the lease ran out and another worker
	// took the job).
	Jobs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "console_jobs_finished_total", Help: "Background job attempts by kind and outcome (done, retry, failed, lost)."},
		[]string{"kind", "outcome"})
)

func init() {
	Registry.MustRegister(requests, latency, SignIns, Emails, Jobs,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
}

// Gauge is a gauge read by fn at scrape time, e.g. a queue's depth.
func Gauge(name, help string, fn func() float64) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn)
}

// Handler serves, in Prometheus' text format, the process-wide metrics
// and those of one server given as own (its queue, its database pools):
// a process running several servers, as tests do, shows each its own.
// It fails if two of own collide.
func Handler(own ...prometheus.Collector) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	for _, c := range own {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return promhttp.HandlerFor(prometheus.Gatherers{Registry, reg}, promhttp.HandlerOpts{}), nil
}

// Instrument counts and times every request next answers, labelled with
// the ServeMux pattern that matched (set on the request by the mux, so
// Instrument must wrap the mux directly) or "unmatched".
func Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &status{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		requests.WithLabelValues(route, r.Method, strconv.Itoa(rec.code)).Inc()
		latency.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
	})
}

type status struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (s *status) WriteHeader(code int) {
	if !s.wrote {
		s.code, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *status) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

func (s *status) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// States is a gauge family name{label=...} whose values fn reads at
// scrape time, e.g. how many jobs are in each state. An error from fn
// leaves the family out of that scrape.
func States(name, help, label string, fn func() (map[string]int, error)) prometheus.Collector {
	return &states{desc: prometheus.NewDesc(name, help, []string{label}, nil), fn: fn}
}

type states struct {
	desc *prometheus.Desc
	fn   func() (map[string]int, error)
}

func (s *states) Describe(ch chan<- *prometheus.Desc) { ch <- s.desc }

func (s *states) Collect(ch chan<- prometheus.Metric) {
	counts, err := s.fn()
	if err != nil {
		return
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(s.desc, prometheus.GaugeValue, float64(n), state)
	}
}
