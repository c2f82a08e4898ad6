package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/loadgen"
	"console/internal/password"
	"console/internal/store"
	"console/internal/store/storetest"
)

const signinPassword = "bench people passphrase"

// TestRun runs every scenario briefly against a real Console on SQLite,
// holding users of every status, expired invitations and a group, and
// checks that each was measured and answered without a single error.
func TestRun(t *testing.T) {
	app, org := startConsole(t)
	out := filepath.Join(t.TempDir(), "bench.json")
	var stdout, stderr strings.Builder
	args := []string{"run", "--url", app.URL, "--org", org.Slug, "--email", org.AdminEmail,
		"-c", "4", "-d", "300ms", "--warmup", "100ms", "--hash-time", "300ms", "--deep-pages", "6", "--signin-users", "16",
		"--mix", "read=4,edit=1", "--scenarios", "all", "--json", out}
	env := map[string]string{"CONSOLE_PASSWORD": org.AdminPassword, "CONSOLE_SIGNIN_PASSWORD": signinPassword}
	if err := run(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	t.Log(stdout.String())
	var rep report
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Floor == nil || rep.Floor.Requests == 0 || rep.HashRate == nil || rep.HashRate.Hashes == 0 {
		t.Errorf("floor %+v, hash rate %+v: want both measured", rep.Floor, rep.HashRate)
	}
	if len(rep.Scenarios) != len(allScenarios()) {
		t.Errorf("%d scenarios reported, want %d", len(rep.Scenarios), len(allScenarios()))
	}
	for _, s := range rep.Scenarios {
		switch {
		case s.Figures == nil:
			t.Errorf("%s: not measured (%s)", s.Name, s.Skipped)
		case s.Requests == 0 || s.Errors != 0:
			t.Errorf("%s: %d requests, answers by status %v, %v", s.Name, s.Requests, s.Statuses, s.Samples)
		}
	}
	for _, kind := range mixKinds {
		if f := rep.Scenarios[len(rep.Scenarios)-1].Kinds[kind]; f == nil || f.Requests == 0 {
			t.Errorf("mixed: no %s measured", kind)
		}
	}
}

// TestRunWrongSigninPassword stops before loading, naming the account the
// password did not open.
func TestRunWrongSigninPassword(t *testing.T) {
	app, org := startConsole(t)
	args := []string{"run", "--url", app.URL, "--org", org.Slug, "--email", org.AdminEmail, "--password", org.AdminPassword,
		"--signin-password", "not it", "--scenarios", "signin"}
	err := run(context.Background(), args, func(string) string { return "" }, &strings.Builder{}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "--signin-password does not sign in") {
		t.Fatalf("err = %v", err)
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--org", "acme", "--email", "a@acme.test"},
		{"run", "--org", "acme", "--email", "a@acme.test", "--password", "x", "--scenarios", "nope"},
		{"run", "--org", "acme", "--email", "a@acme.test", "--password", "x", "--rate", "fast"},
		{"run", "--org", "acme", "--email", "a@acme.test", "--password", "x", "--scenarios", "signin"},
		{"bogus"},
	} {
		err := run(context.Background(), args, func(string) string { return "" }, &strings.Builder{}, &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}

// startConsole starts Console on SQLite with an organization holding 250
// Active users sharing signinPassword, 20 Inactive ones, 10 Invited whose
// invitation expired and 5 whose invitation is live, and a group of 30.
func startConsole(t *testing.T) (*apptest.App, *apptest.Org) {
	t.Helper()
	app := apptest.Start(t, storetest.Engines()[0])
	org := app.CreateOrg(t, "acme")
	hash, err := password.Hash(signinPassword)
	if err != nil {
		t.Fatal(err)
	}
	first := []string{"Amelia", "Bruno", "Chloé", "Dmitri", "Esther", "Farid", "Grace", "Hiroshi", "Ingrid", "Jamal"}
	last := []string{"Lindqvist", "Okonkwo", "Martínez", "Nakamura", "Schneider", "Abernathy", "Kowalczyk", "Fitzgerald"}
	var ids []string
	err = app.Server.Store.Tx(context.Background(), func(q *store.Queries) error {
		for i := range 270 {
			now := app.Clock.Now()
			name := first[i%len(first)] + " " + last[i/len(first)%len(last)]
			email := fmt.Sprintf("%s.%s%d@acme.test", strings.ToLower(first[i%len(first)]), strings.ToLower(last[i/len(first)%len(last)]), i)
			u := &console.User{OrgID: org.Created.Org.ID, Email: email, Name: name, Status: console.StatusActive,
				PasswordHash: hash, CreatedAt: now, ActivatedAt: &now}
			if i >= 250 {
				u.Status, u.DeactivatedAt = console.StatusInactive, &now
			}
			if err := q.CreateUser(context.Background(), u); err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	admin := app.Client(t)
	admin.SignIn(org.Slug, org.AdminEmail, org.AdminPassword)
	invite := func(from, to int) {
		for i := from; i < to; i++ {
			admin.Do("POST", "/api/v1/users/invite", map[string]string{"email": fmt.Sprintf("invited%d@acme.test", i)}).ExpectStatus(t, 201)
		}
	}
	invite(0, 10)
	var group struct{ ID string }
	admin.Do("POST", "/api/v1/groups", map[string]any{"name": "Engineering", "permissions": []string{}}).ExpectStatus(t, 201).JSON(t, &group)
	admin.PatchCurrent("/api/v1/groups/"+group.ID, map[string]any{"add_members": ids[:30]}).ExpectStatus(t, 200)
	app.Clock.Advance(console.DefaultInvitationTTL + time.Hour)
	admin.SignIn(org.Slug, org.AdminEmail, org.AdminPassword)
	invite(10, 15)
	return app, org
}

// TestMixerOrder: each kind as often as its weight, spread out.
func TestMixerOrder(t *testing.T) {
	m := newMixer(make([]loadgen.Source, 4), []int{4, 1, 0, 2}, 0, 1)
	var got strings.Builder
	for _, k := range m.order {
		got.WriteString("rsie"[k : k+1])
	}
	if got.String() != "rersrer" {
		t.Errorf("order %s, want rersrer", got.String())
	}
	if m := newMixer(make([]loadgen.Source, 4), []int{4, 1, 0, 2}, 3, 4); m.next != 5 {
		t.Errorf("the 4th of 4 connections starts at %d, want 5", m.next)
	}
}

func TestRunFlags(t *testing.T) {
	base := []string{"--org", "acme", "--email", "a@acme.test"}
	env := map[string]string{"CONSOLE_PASSWORD": "p", "CONSOLE_SIGNIN_PASSWORD": "s"}
	o, err := parseRunFlags(append(base, "--rate", "500,signin=20", "--mix", "edit=0"), func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.password != "p" || o.rates.of("me") != 500 || o.rates.of("signin") != 20 {
		t.Errorf("password %q, rates %v", o.password, o.rates)
	}
	if o.mix["edit"] != 0 || o.mix["read"] != 16 || !slices.Contains(o.scenarios, "signin") || slices.Contains(o.scenarios, "edit") {
		t.Errorf("mix %v, scenarios %v: want the default mix but edits, reads with signin", o.mix, o.scenarios)
	}
	o, err = parseRunFlags(append(base, "--password", "p", "--scenarios", "mixed,me", "--mix", "signin=0"), func(string) string { return "" }, io.Discard)
	if err != nil || !slices.Equal(o.scenarios, []string{"mixed", "me"}) {
		t.Errorf("mixed without sign-ins: %v, %v", o, err)
	}
}
