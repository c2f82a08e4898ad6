package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"console/internal/config"
	"console/internal/console"
	"console/internal/server"
	"console/internal/service"
)

func runOrgCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg config.Config
	var slug, name, email, adminName string
	var passwordStdin bool
	fs := flag.NewFlagSet("org create", flag.ContinueOnError)
	cfg.Register(fs)
	fs.StringVar(&slug, "slug", "", "company slug people type at sign-in (required)")
	fs.StringVar(&name, "name", "", "organization's display name (required)")
	fs.StringVar(&email, "admin-email", "", "first administrator's email (required)")
	fs.StringVar(&adminName, "admin-name", "", "first administrator's name")
	fs.BoolVar(&passwordStdin, "admin-password-stdin", false, "read the administrator's password from standard input; otherwise print an activation link")
	if err := parseFlags(fs, args, getenv, stdout); err != nil {
		return ignoreHelp(err)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	in := orgInput{slug: slug, name: name, email: email, adminName: adminName}
	if passwordStdin {
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		in.password = pw
	}
	return createOrg(ctx, &cfg, in, stdout, stderr)
}

type orgInput struct{ slug, name, email, adminName, password string }

func createOrg(ctx context.Context, cfg *config.Config, in orgInput, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(ctx, cfg, cfg.BaseURLFor(cfg.Addr), log, server.Options{})
	if err != nil {
		return err
	}
	defer srv.Close()
	created, err := srv.Service.CreateOrg(ctx, serviceInput(in))
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "Created organization %q (%s) with administrator %s.\n", created.Org.Slug, created.Org.Name, created.Admin.Email)
	if created.ActivationURL != "" {
		fmt.Fprintf(stdout, "The administrator activates the account here (valid %s):\n\n    %s\n\n",
			created.Org.InvitationTTL, created.ActivationURL)
	}
	return nil
}

// readPassword reads the first line of r, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("%w: --admin-password-stdin: standard input held no password", errUsage)
	}
	return line, nil
}

// describe spells out invalid fields for a terminal.
func describe(err error) error {
	e := console.AsError(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	var b strings.Builder
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  --%s: %s", strings.ReplaceAll(f.Field, "_", "-"), f.Message)
	}
	return fmt.Errorf("%w: invalid input:%s", errUsage, b.String())
}

func serviceInput(in orgInput) service.CreateOrgInput {
	return service.CreateOrgInput{Slug: in.slug, Name: in.name, AdminEmail: in.email, AdminName: in.adminName, AdminPassword: in.password}
}
