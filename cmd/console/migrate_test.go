package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"console/internal/store"
	"console/internal/store/storetest"
)

// TestMain lets a test start this test binary as the console command:
// with CONSOLE_TEST_AS_MAIN=1 it runs main instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("CONSOLE_TEST_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestMigrateProcessesAtOnce starts six `console migrate` processes at
// once on one empty database: all succeed, and between them they apply
// every migration once.
func TestMigrateProcessesAtOnce(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.EmptyDSN(t)
			outs := make([]string, 6)
			var wg sync.WaitGroup
			for i := range outs {
				wg.Go(func() {
					cmd := exec.Command(os.Args[0], "migrate", "--db", dsn)
					cmd.Env = append(os.Environ(), "CONSOLE_TEST_AS_MAIN=1")
					out, err := cmd.CombinedOutput()
					if outs[i] = string(out); err != nil {
						t.Errorf("console migrate %d: %v\n%s", i, err, out)
					}
				})
			}
			wg.Wait()
			wantAppliedOnce(t, dsn, outs)
		})
	}
}

// wantAppliedOnce fails unless the versions that `console migrate` printed
// as applied in outs are each printed once and nothing is left pending.
func wantAppliedOnce(t *testing.T, dsn string, outs []string) {
	t.Helper()
	seen := map[string]int{}
	for _, out := range outs {
		if m := regexp.MustCompile(`Applied migrations \[([\d ]+)\]`).FindStringSubmatch(out); m != nil {
			for _, v := range strings.Fields(m[1]) {
				seen[v]++
			}
		}
	}
	for v, n := range seen {
		if n != 1 {
			t.Errorf("migration %s applied by %d processes, want 1", v, n)
		}
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.PendingMigrations(context.Background()); len(seen) == 0 || err != nil || n != 0 {
		t.Errorf("applied %v; pending = %d, %v; want all applied", seen, n, err)
	}
}

// incompatible lists what makes a database one this Console must not run
// on, as SQL to make it so and to undo it, and the error it then gives.
var incompatible = []struct {
	name, do, undo, want string
}{
	{"newer", `INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (9999, 'future', '', '')`,
		`DELETE FROM schema_migrations WHERE version = 9999`,
		"database schema is at version 9999, newer than this Console knows"},
	{"changed", `UPDATE schema_migrations SET checksum = 'x' || checksum WHERE version = 2`,
		`UPDATE schema_migrations SET checksum = SUBSTR(checksum, 2) WHERE version = 2`,
		"migration 0002_mail_and_limits was changed after it was applied to this database"},
}

// TestRefuseIncompatibleSchema: `console migrate` and `console serve` both
// refuse, saying why, a database migrated by a newer Console or one whose
// applied migration was edited since.
func TestRefuseIncompatibleSchema(t *testing.T) {
	for _, e := range storetest.Engines() {
		for _, c := range incompatible {
			t.Run(e.Name+"/"+c.name, func(t *testing.T) {
				_, dsn := e.Open(t)
				if _, err := storetest.Raw(t, dsn).Exec(c.do); err != nil {
					t.Fatal(err)
				}
				for _, args := range [][]string{{"migrate"}, {"serve", "--addr", "127.0.0.1:0"}} {
					if _, err := runConsole(t, "", env("CONSOLE_DB", dsn), args...); err == nil || !strings.Contains(err.Error(), c.want) {
						t.Errorf("console %s: %v; want %q", args[0], err, c.want)
					}
				}
			})
		}
	}
}

// TestReadyzIncompatibleSchema: a running Console whose database becomes
// one it must not run on (a newer Console migrated it; a migration was
// edited) answers /readyz not ready, and ready again once undone.
func TestReadyzIncompatibleSchema(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			base, _ := serve(t, dsn)
			raw := storetest.Raw(t, dsn)
			wantReady(t, base, http.StatusOK)
			for _, c := range incompatible {
				if _, err := raw.Exec(c.do); err != nil {
					t.Fatal(err)
				}
				wantReady(t, base, http.StatusServiceUnavailable)
				if _, err := raw.Exec(c.undo); err != nil {
					t.Fatal(err)
				}
				wantReady(t, base, http.StatusOK)
			}
		})
	}
}

func wantReady(t *testing.T, base string, want int) {
	t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != want {
		t.Fatalf("/readyz: %d %s; want %d", resp.StatusCode, body, want)
	}
}
