package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"console/internal/store/storetest"
)

// TestTokenCreate: the secret alone on stdout, usable as a Bearer at once;
// mistakes are usage errors naming the flag.
func TestTokenCreate(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			db := env("CONSOLE_DB", dsn)
			if out, err := runConsole(t, "correct horse acme\n", db, "org", "create", "--slug", "acme", "--name", "Acme",
				"--admin-email", "admin@acme.test", "--admin-password-stdin"); err != nil {
				t.Fatalf("org create: %v\n%s", err, out)
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"token", "create", "--org", "acme", "--name", "ci", "--group", "Administrators",
				"--expires-in", "90d"}, db, strings.NewReader(""), &stdout, &stderr)
			if err != nil {
				t.Fatalf("token create: %v\n%s", err, stderr.String())
			}
			secret := strings.TrimSpace(stdout.String())
			if !strings.HasPrefix(secret, "cst_") || strings.Contains(secret, "\n") || !strings.Contains(stderr.String(), `Created API token "ci"`) {
				t.Fatalf("stdout %q, stderr %q", stdout.String(), stderr.String())
			}

			base, _ := serve(t, dsn)
			req, _ := http.NewRequest("GET", base+"/api/v1/users", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("the printed token: %d", resp.StatusCode)
			}

			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"--org", "acme", "--name", "x"}, "--group: Choose at least one group"},
				{[]string{"--org", "nope", "--name", "x", "--group", "Administrators"}, "no organization has the company slug"},
				{[]string{"--org", "acme", "--name", "x", "--group", "Nope"}, "Unknown group: Nope"},
				{[]string{"--org", "acme", "--name", "x", "--group", "Administrators", "--expires-in", "-3d"}, "--expires-in"},
				{[]string{"--name", "x", "--group", "Administrators"}, "--org"},
			} {
				out, err := runConsole(t, "", db, append([]string{"token", "create"}, c.args...)...)
				if err == nil || !strings.Contains(err.Error()+out, c.want) {
					t.Errorf("token create %v: %v %s, want %q", c.args, err, out, c.want)
				}
			}
		})
	}
}
