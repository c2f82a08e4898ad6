// Package server assembles Console: the store, the service, the web UI and
// the API behind one handler, and runs them until the context ends.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"console/internal/api"
	"console/internal/config"
	"console/internal/console"
	"console/internal/httpx"
	"console/internal/jobs"
	"console/internal/mail"
	"console/internal/metrics"
	"console/internal/password"
	"console/internal/service"
	"console/internal/store"
	"console/internal/web"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Server is a running Console instance's parts.
type Server struct {
	Store   *store.Store
	Service *service.Service
	Handler http.Handler
	BaseURL string
	Worker  *jobs.Worker
	log     *slog.Logger
	mail    *mail.SMTPSender // nil without SMTP
}

// Options are test hooks; zero values are right for production.
type Options struct {
	Now     func() time.Time
	JobPoll time.Duration // how often the job worker looks for due jobs
	// RequestTimeout replaces RequestTimeout, so that a test of a
	// database that stops answering need not wait 20 seconds.
	RequestTimeout time.Duration
}

// New opens and migrates the database and builds the handler. baseURL is
// where the instance is reachable (see config.BaseURLFor).
func New(ctx context.Context, cfg *config.Config, baseURL string, log *slog.Logger, opts Options) (*Server, error) {
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("database migrated", "dialect", st.Dialect(), "applied", applied)
	}
	hashers := cfg.PasswordHashers
	if hashers == 0 {
		hashers = password.DefaultHashers()
	}
	password.SetHashers(hashers, 0)
	svc, sender, err := newService(st, cfg, baseURL, log, opts)
	if err != nil {
		st.Close()
		return nil, err
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		st.Close()
		return nil, err
	}
	timeout := RequestTimeout
	if opts.RequestTimeout > 0 {
		timeout = opts.RequestTimeout
	}
	gauges, err := metricsHandler(st)
	if err != nil {
		st.Close()
		return nil, err
	}
	h, err := handler(svc, gauges, log, proxies, timeout)
	if err != nil {
		st.Close()
		return nil, err
	}
	worker := newWorker(st, svc, cfg, log, opts)
	svc.OnJobQueued(worker.Wake)
	if sender != nil {
		sender.SetMaxIdle(worker.Concurrency) // one reusable connection per job worker
	} else {
		warnMixedMail(ctx, st, log)
	}
	return &Server{Store: st, Service: svc, Handler: h, BaseURL: baseURL, Worker: worker, log: log, mail: sender}, nil
}

// metricsHandler serves /metrics: the process's counters and what is
// read from this server at scrape time: the job queue and email states,
// the password hashing pool, and the database pools.
func metricsHandler(st *store.Store) (http.Handler, error) {
	read, write := st.Pools()
	own := []prometheus.Collector{
		metrics.States("console_jobs", "Background jobs by state (pending, retrying, running, done, failed).", "state",
			func() (map[string]int, error) {
				ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
				defer cancel()
				return st.JobCounts(ctx)
			}),
		metrics.States("console_emails", "Emails by delivery state.", "state", func() (map[string]int, error) {
			ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
			defer cancel()
			counts, err := st.EmailCounts(ctx)
			out := make(map[string]int, len(counts))
			for k, v := range counts {
				out[string(k)] = v
			}
			return out, err
		}),
		metrics.Gauge("console_job_queue_lag_seconds", "How long the longest-waiting due job has waited, in seconds (0: none waits).", func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
			defer cancel()
			due, err := st.OldestDueJob(ctx)
			if err != nil || due.IsZero() {
				return 0
			}
			return max(time.Since(due).Seconds(), 0)
		}),
		metrics.Gauge("console_password_hashers", "Password hashes that may run at once.", func() float64 {
			size, _, _ := password.Hashers()
			return float64(size)
		}),
		metrics.Gauge("console_password_hash_queue", "Password hashes waiting for a hasher.", func() float64 {
			_, _, waiting := password.Hashers()
			return float64(waiting)
		}),
		collectors.NewDBStatsCollector(read, "read"),
	}
	if write != read {
		own = append(own, collectors.NewDBStatsCollector(write, "write"))
	}
	return metrics.Handler(own...)
}

// warnMixedMail warns an instance without SMTP that shares its database
// with instances that send email: the email it takes from the common
// queue goes to the Outbox (recorded as kept) and reaches nobody.
func warnMixedMail(ctx context.Context, st *store.Store, log *slog.Logger) {
	counts, err := st.EmailCounts(ctx)
	if err == nil && counts[console.DeliverySent] > 0 {
		log.Warn("this instance has no --smtp-url, but email in this database was sent over SMTP: the email this instance takes " +
			"from the shared queue is kept in the Outbox and reaches nobody; give every instance the same --smtp-url")
	}
}

func newWorker(st *store.Store, svc *service.Service, cfg *config.Config, log *slog.Logger, opts Options) *jobs.Worker {
	if opts.Now != nil {
		st.SetClock(opts.Now) // the queue's times follow the test's clock
	}
	worker := jobs.NewWorker(st, svc.HandleJob, svc.Now, log)
	worker.Failed = svc.RecordJobFailure
	worker.Schedules, worker.Kinds = service.Schedules, service.JobKinds
	if cfg.JobWorkers > 0 {
		worker.Concurrency = cfg.JobWorkers
	}
	if opts.JobPoll > 0 {
		worker.Poll = opts.JobPoll
	}
	return worker
}

func newService(st *store.Store, cfg *config.Config, baseURL string, log *slog.Logger, opts Options) (*service.Service, *mail.SMTPSender, error) {
	sc := service.Config{BaseURL: baseURL, Sessions: cfg.SessionPolicy(), Now: opts.Now}
	var sender *mail.SMTPSender
	if cfg.SMTPURL != "" {
		var err error
		if sender, err = mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom); err != nil {
			return nil, nil, err
		}
		sc.Mail = sender
	}
	return service.New(st, sc, log), sender, nil
}

func handler(svc *service.Service, gauges http.Handler, log *slog.Logger, proxies []netip.Prefix, timeout time.Duration) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	var ready atomic.Bool // the last probe's answer: a change is logged, not every probe
	ready.Store(true)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := svc.Ready(ctx); err != nil {
			if ready.Swap(false) {
				log.Warn("not ready", "err", err)
			}
			w.Header().Set("Retry-After", "5")
			httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
		if !ready.Swap(true) {
			log.Info("ready again")
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", gauges)
	api.Routes(mux, svc, log)
	if err := web.Routes(mux, svc, log); err != nil {
		return nil, err
	}
	return httpx.TrustProxies(proxies, httpx.Log(log, httpx.SecureHeaders(httpx.CrossOrigin(httpx.Deadline(timeout, metrics.Instrument(mux)))))), nil
}

// Limits of every request, documented in the README: a client has
// ReadTimeout to send its headers and body (so nobody holds a connection
// by trickling a body), and headers are at most MaxHeaderBytes.
const (
	ReadTimeout    = 30 * time.Second
	MaxHeaderBytes = 64 << 10
)

// RequestTimeout bounds the work done for one request, database calls
// included: past it the request answers 503 (see httpx.Deadline).
// readyTimeout is the shorter bound of /readyz, which a load balancer
// polls to take an instance out when its database stops answering.
const (
	RequestTimeout = 20 * time.Second
	readyTimeout   = 2 * time.Second
)

// Serve answers requests on ln and runs background jobs until ctx ends,
// then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: ReadTimeout,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: MaxHeaderBytes}
	workerDone := make(chan struct{})
	defer func() { <-workerDone }()
	ctx, cancel := context.WithCancel(ctx) // ends the worker however Serve returns
	defer cancel()
	go func() { defer close(workerDone); s.Worker.Run(ctx) }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// Close releases the database and the mail server's idle connections.
func (s *Server) Close() error {
	if s.mail != nil {
		_ = s.mail.Close()
	}
	return s.Store.Close()
}
