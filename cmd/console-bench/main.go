// Command console-bench loads a Console with realistic data and traffic,
// for figures anyone can measure again.
//
// `console-bench seed` fills an existing organization with users (see
// seed.go). `console-bench run` drives a running Console over HTTP: it
// signs in as an administrator, gathers what its requests need (users,
// a chain of page cursors, a group, people to sign in as), then runs one
// scenario after another, each from a fixed number of keep-alive
// connections, and reports for each its throughput, its latency
// percentiles and its answers outside 2xx by status, with the start of one
// such answer (a 503 "database is locked" shows there; a run never stops
// on an error). In the same run it measures the floor, a do-nothing HTTP
// server loaded the same way, and the raw argon2id hash rate of this
// machine, and reports each scenario's p99 against the floor's and the
// sign-in rate against the hash rate.
//
// `console-bench smtp` is an SMTP server that accepts and counts every
// message, for a run whose invitations are delivered (serve --smtp-url).
//
// Usage:
//
//	console-bench seed --db console.db --org acme --users 100000
//	console-bench run --url http://127.0.0.1:8080 --org acme --email admin@acme.test \
//	    --password 'admin passphrase' --signin-password 'the seeded users passphrase'
//	console-bench run ... -c 16 -d 30s --scenarios users-deep,search-substring --json out.json
//	console-bench run ... --scenarios all                  # the writes too: invite, edit, mixed
//	console-bench run ... --rate 500,signin=20             # paced; latency from the due time
//
// Every flag may also be given as CONSOLE_<FLAG> (CONSOLE_PASSWORD,
// CONSOLE_SIGNIN_PASSWORD, ...), which keeps passwords out of the shell's
// history and the process list.
//
// The read scenarios, the default: me, users-first, users-deep,
// email-exact, search-prefix, search-substring, status-active,
// status-invited, status-inactive, status-expired and group; signin too
// when --signin-password is given (it signs in as Active users other than
// the administrator, which the seeder gives that one password). The
// writes, run only when named (or with "all", or "writes"): invite (fresh
// addresses at --invite-domain, each queueing an email), edit (renames
// users back and forth, with If-Match) and mixed (reads, sign-ins,
// invites and edits at once, by --mix weights). Run writes on an
// organization made for benchmarks.
//
// Without --rate each connection sends its next request as soon as the
// previous answer is read (a closed loop) and latency runs from the send.
// With --rate requests are due on a fixed schedule and latency runs from
// the due time, so a stall counts for every request it delayed (see
// internal/loadgen). Each scenario runs --warmup unmeasured first.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `console-bench: load a Console and report what it measured.

Usage:
  console-bench seed --db URL --org SLUG --users N      fill an existing organization
  console-bench run --url http://127.0.0.1:8080 --org SLUG --email ADMIN --password PASS [flags]
  console-bench smtp --addr 127.0.0.1:2525              accept and count email, keeping none

Run "console-bench run --help" for its flags.
`

// errUsage marks command-line mistakes, which exit with status 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "console-bench:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run is the whole program, callable from tests: args exclude the program
// name; configuration comes only from args and getenv. stderr tells how
// the run goes; stdout gets the report.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch args[0] {
	case "seed":
		return seedMain(ctx, args[1:], stdout)
	case "run":
		return runMain(ctx, args[1:], getenv, stdout, stderr)
	case "smtp":
		return smtpMain(ctx, args[1:], stdout)
	}
	return fmt.Errorf("%w: unknown command %q; run \"console-bench help\"", errUsage, args[0])
}
