package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"console/internal/config"
	"console/internal/store"
)

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, _ io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.StringVar(&cfg.DB, "db", "console.db", "SQLite file, or a postgres:// URL")
	if err := parseFlags(fs, args, getenv, stdout); err != nil {
		return ignoreHelp(err)
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "Database (%s) is up to date.\n", st.Dialect())
		return nil
	}
	fmt.Fprintf(stdout, "Applied migrations %v (%s).\n", applied, st.Dialect())
	return nil
}
