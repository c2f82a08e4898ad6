package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"

	"console/internal/config"
	"console/internal/server"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.Register(fs)
	if err := parseFlags(fs, args, getenv, stdout); err != nil {
		return ignoreHelp(err)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	log := newLogger(&cfg, stderr)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	srv, err := server.New(ctx, &cfg, cfg.BaseURLFor(ln.Addr().String()), log, server.Options{})
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := printSetupLink(ctx, srv, stdout); err != nil {
		return err
	}
	log.Info("Console is running", "url", srv.BaseURL, "listen", ln.Addr().String(), "db", srv.Store.Dialect())
	if cfg.PprofAddr != "" {
		debug, err := net.Listen("tcp", cfg.PprofAddr)
		if err != nil {
			return fmt.Errorf("--pprof-addr: %w", err)
		}
		go func() {
			if err := server.ServeDebug(ctx, debug, log); err != nil {
				log.Error("profiling endpoints stopped", "err", err)
			}
		}()
	}
	return srv.Serve(ctx, ln)
}

// printSetupLink prints a one-time setup link while no organization exists.
func printSetupLink(ctx context.Context, srv *server.Server, stdout io.Writer) error {
	link, err := srv.Service.SetupLink(ctx)
	if err != nil || link == "" {
		return err
	}
	fmt.Fprintf(stdout, "\nNo organization exists yet. Open this one-time link to create the first one\n"+
		"and its administrator (valid 24 hours):\n\n    %s\n\n", link)
	return nil
}

func ignoreHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}
