package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"console/internal/config"
)

const usage = `Console: user and access management.

Usage:
  console serve   [--addr 127.0.0.1:8080] [--db console.db | --db postgres://...] [--base-url URL]
  console migrate [--db ...]
  console org create --slug acme --name "Acme Inc" --admin-email admin@acme.test [--admin-password-stdin]
  console token create --org acme --name ci --group Administrators [--group ...] [--expires-in 90d]
                  (prints a new API token's secret once, alone on stdout)

Every flag can also be set as CONSOLE_<FLAG>, e.g. CONSOLE_DB, CONSOLE_BASE_URL.
Run "console <command> --help" for a command's flags.
`

// errUsage marks command-line mistakes, which exit with status 2.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// run is the whole program, callable from tests: args exclude the program
// name; configuration comes only from args and getenv.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], getenv, stdout, stderr)
	case "org":
		if len(args) > 1 && args[1] == "create" {
			return runOrgCreate(ctx, args[2:], getenv, stdin, stdout, stderr)
		}
		return fmt.Errorf("%w: want console org create --slug SLUG --name NAME --admin-email EMAIL", errUsage)
	case "token":
		if len(args) > 1 && args[1] == "create" {
			return runTokenCreate(ctx, args[2:], getenv, stdout, stderr)
		}
		return fmt.Errorf("%w: want console token create --org SLUG --name NAME --group GROUP", errUsage)
	}
	return fmt.Errorf("%w: unknown command %q; run \"console help\"", errUsage, args[0])
}

// parseFlags parses a command's flags; --help prints them to stdout.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string, stdout io.Writer) error {
	err := config.Parse(fs, args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return err
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel))); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
