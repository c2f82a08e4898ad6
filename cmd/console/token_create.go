package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"console/internal/config"
	"console/internal/console"
	"console/internal/server"
	"console/internal/service"
)

// runTokenCreate makes an API token as the server's operator. The secret
// alone goes to stdout, so `TOKEN=$(console token create ...)` captures
// it; what was made is told on stderr.
func runTokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	var slug, name, expiresIn string
	var groups []string
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	cfg.Register(fs)
	fs.StringVar(&slug, "org", "", "company slug of the organization (required)")
	fs.StringVar(&name, "name", "", "what uses the token, e.g. \"CI deploys\" (required)")
	fs.Func("group", "a group the token carries, by name or id; repeat for several (at least one)", func(v string) error {
		groups = append(groups, v)
		return nil
	})
	fs.StringVar(&expiresIn, "expires-in", "", "lifetime, e.g. 90d or 12h; none: until revoked")
	if err := parseFlags(fs, args, getenv, stdout); err != nil {
		return ignoreHelp(err)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if slug == "" {
		return fmt.Errorf("%w: --org: give the company slug of the organization", errUsage)
	}
	in := service.NewAPIToken{Name: name, Groups: groups}
	if expiresIn != "" {
		d, err := parseLifetime(expiresIn)
		if err != nil {
			return fmt.Errorf("%w: --expires-in: %v", errUsage, err)
		}
		at := time.Now().Add(d)
		in.ExpiresAt = &at
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(ctx, &cfg, cfg.BaseURLFor(cfg.Addr), log, server.Options{})
	if err != nil {
		return err
	}
	defer srv.Close()
	made, err := srv.Service.CreateAPITokenAsOperator(ctx, slug, in)
	if console.KindOf(err) == console.KindNotFound {
		return fmt.Errorf("%w: --org: no organization has the company slug %q", errUsage, slug)
	} else if err != nil {
		if e := console.AsError(err); e != nil {
			for i := range e.Fields {
				if e.Fields[i].Field == "groups" { // the flag is singular, repeated
					e.Fields[i].Field = "group"
				}
			}
		}
		return describe(err)
	}
	expiry := "never expires"
	if t := made.Token.ExpiresAt; t != nil {
		expiry = "expires " + t.UTC().Format(time.RFC3339)
	}
	names := make([]string, len(made.Token.Groups))
	for i, g := range made.Token.Groups {
		names[i] = g.Name
	}
	fmt.Fprintf(stderr, "Created API token %q (%s) in %s with groups %s; it %s.\n"+
		"It is printed once, below; Console keeps only its hash. Send it as \"Authorization: Bearer <token>\".\n",
		made.Token.Name, made.Token.ID, slug, strings.Join(names, ", "), expiry)
	fmt.Fprintln(stdout, made.Secret)
	return nil
}

// parseLifetime reads a lifetime in days ("90d") or a Go duration
// ("12h"), which must be positive.
func parseLifetime(s string) (time.Duration, error) {
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("want a positive lifetime like 90d or 12h, not %q", s)
	}
	return d, nil
}
