// Command console runs Console, a multi-tenant user and access management
// console: `console serve` starts the web UI and API, `console migrate`
// updates the database, `console org create` adds an organization, `console token create`
// makes an API token.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "console:", err)
		os.Exit(exitCode(err))
	}
}
