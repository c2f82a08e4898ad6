package main

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"console/internal/console"
	"console/internal/service"
	"console/internal/store"
	"console/internal/store/storetest"
)

const seedPassword = "seeded passphrase for the test"

// TestSeed seeds an organization made by the service, then finds every
// seeded user through Console's own reads, as Console would have stored
// them: by status, expired invitation, group, exact address and part of a
// name in any script, and signs one in with the seeded password.
func TestSeed(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			svc := service.New(st, service.Config{BaseURL: "http://127.0.0.1", Sessions: console.DefaultSessionPolicy},
				slog.New(slog.NewTextHandler(io.Discard, nil)))
			created, err := svc.CreateOrg(t.Context(), service.CreateOrgInput{Slug: "acme", Name: "Acme",
				AdminEmail: "admin@acme.test", AdminPassword: "the administrator's passphrase"})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			args := []string{"--db", dsn, "--org", "acme", "--users", "3000", "--batch", "1000", "--password", seedPassword}
			if err := seedMain(t.Context(), args, &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "Seeded 3000 users") || !strings.Contains(out.String(), seedPassword) {
				t.Errorf("output:\n%s", out.String())
			}
			all := storetest.AllUsers(t, st, created.Org.ID, store.UserFilter{}, 500)
			if len(all) != 3001 {
				t.Fatalf("listed %d users, want 3000 and the administrator", len(all))
			}
			seeded := slices.DeleteFunc(slices.Clone(all), func(u *console.User) bool { return u.ID == created.Admin.ID })
			wantLikeConsole(t, seeded)
			wantStatuses(t, st, created.Org.ID, seeded)
			wantGroups(t, st, dsn, created.Org.ID)
			wantFound(t, st, created.Org.ID, seeded)
			wantHistory(t, dsn, created.Org.ID)
			if st.Dialect() == store.SQLite {
				if _, err := storetest.Raw(t, dsn).Exec(`INSERT INTO users_search (users_search, rank) VALUES ('integrity-check', 1)`); err != nil {
					t.Errorf("users_search integrity-check: %v", err)
				}
			}
			i := slices.IndexFunc(seeded, func(u *console.User) bool { return u.Status == console.StatusActive })
			if _, err := svc.SignIn(t.Context(), service.SignInInput{Org: "acme", Email: seeded[i].Email, Password: seedPassword}); err != nil {
				t.Errorf("sign in as %s: %v", seeded[i].Email, err)
			}
			out.Reset()
			err = seedMain(t.Context(), args, &out)
			if console.KindOf(err) != console.KindConflict || !strings.Contains(err.Error(), "--seed") {
				t.Errorf("seeding again with the same seed: %v", err)
			}
		})
	}
}

// wantLikeConsole checks each user against what Console's own paths
// accept and write.
func wantLikeConsole(t *testing.T, users []*console.User) {
	t.Helper()
	keys := map[string]bool{}
	for _, u := range users {
		if _, err := console.ValidateEmail("email", u.Email); err != nil {
			t.Errorf("%s: %v", u.Email, err)
		}
		if keys[console.EmailKey(u.Email)] {
			t.Errorf("%s: a second user of that mailbox", u.Email)
		}
		keys[console.EmailKey(u.Email)] = true
		if (u.Name == "") != (u.Status == console.StatusInvited) {
			t.Errorf("%s: %s with name %q", u.Email, u.Status, u.Name)
		}
		if u.Name != "" {
			if _, err := console.ValidateName("name", u.Name); err != nil {
				t.Errorf("%s: name %q: %v", u.Email, u.Name, err)
			}
		}
		if (u.ActivatedAt == nil) != (u.Status == console.StatusInvited) || (u.DeactivatedAt == nil) != (u.Status != console.StatusInactive) {
			t.Errorf("%s: %s, activated %v, deactivated %v", u.Email, u.Status, u.ActivatedAt, u.DeactivatedAt)
		}
	}
	for i := 1; i < len(users); i++ { // newest first
		if !users[i].CreatedAt.Before(users[i-1].CreatedAt) {
			t.Fatalf("creation times not increasing: %s after %s", users[i].CreatedAt, users[i-1].CreatedAt)
		}
	}
	if span := users[0].CreatedAt.Sub(users[len(users)-1].CreatedAt); span < 2*365*24*time.Hour {
		t.Errorf("users created over %s, want about three years", span)
	}
}

func wantStatuses(t *testing.T, st *store.Store, orgID string, seeded []*console.User) {
	t.Helper()
	now := time.Now()
	want := map[console.Status]int{}
	var expired []string
	for _, u := range seeded {
		want[u.Status]++
		if u.Status == console.StatusInvited && u.InvitationExpiresAt == nil {
			t.Errorf("%s: invited without a link", u.Email)
		}
		if u.InvitationExpired(now) {
			expired = append(expired, u.ID)
		}
	}
	for status, share := range map[console.Status]float64{console.StatusActive: 0.8, console.StatusInvited: 0.1, console.StatusInactive: 0.1} {
		if got := float64(want[status]) / float64(len(seeded)); got < share*0.8 || got > share*1.2 {
			t.Errorf("%.1f%% %s, want about %.0f%%", got*100, status, share*100)
		}
		got := len(storetest.AllUsers(t, st, orgID, store.UserFilter{Status: status}, 500))
		if status == console.StatusActive {
			got-- // the administrator
		}
		if got != want[status] {
			t.Errorf("status %s lists %d users, want %d", status, got, want[status])
		}
	}
	var listed []string
	for _, u := range storetest.AllUsers(t, st, orgID, store.UserFilter{InvitationExpired: true, Now: now}, 500) {
		listed = append(listed, u.ID)
	}
	if !slices.Equal(listed, expired) || len(expired) < want[console.StatusInvited]/3 {
		t.Errorf("expired invitations list %d users, want %d of %d Invited", len(listed), len(expired), want[console.StatusInvited])
	}
}

func wantGroups(t *testing.T, st *store.Store, dsn, orgID string) {
	t.Helper()
	groups, err := st.ListGroups(t.Context(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	raw := storetest.Raw(t, dsn)
	names := map[string]int{}
	for _, g := range groups {
		names[g.Name] = g.MemberCount
		var counted int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND group_id = $2`, orgID, g.ID).Scan(&counted); err != nil {
			t.Fatal(err)
		}
		if listed := len(storetest.AllUsers(t, st, orgID, store.UserFilter{GroupID: g.ID}, 500)); listed != g.MemberCount || counted != g.MemberCount {
			t.Errorf("group %s: member count %d, %d members listed, %d memberships", g.Name, g.MemberCount, listed, counted)
		}
	}
	for _, name := range []string{"Content Editors", "Support", "Finance", "Administrators", "User Managers"} {
		if names[name] < 1 {
			t.Errorf("group %s has %d members", name, names[name])
		}
	}
	if apps := names["Content Editors"] + names["Support"] + names["Finance"]; apps < 200 || apps > 450 {
		t.Errorf("%d memberships of application groups, want about a tenth of the users", apps)
	}
}

// wantFound looks seeded users up by address, spelled otherwise, and by
// part of a name written in another script than Latin.
func wantFound(t *testing.T, st *store.Store, orgID string, seeded []*console.User) {
	t.Helper()
	var fragments int
	for i, u := range seeded {
		if i%100 == 0 {
			upper := strings.ToUpper(u.Email)
			if got := storetest.AllUsers(t, st, orgID, store.UserFilter{Query: upper}, 500); len(got) != 1 || got[0].ID != u.ID {
				t.Errorf("search %q finds %d users", upper, len(got))
			}
			if found, err := st.UserByEmail(t.Context(), orgID, upper); err != nil || found.ID != u.ID {
				t.Errorf("UserByEmail(%q): %v", upper, err)
			}
		}
		fragment := nonLatinFragment(u.Name)
		if fragment == "" || fragments >= 12 {
			continue
		}
		fragments++
		got := storetest.AllUsers(t, st, orgID, store.UserFilter{Query: fragment}, 500)
		if !slices.ContainsFunc(got, func(f *console.User) bool { return f.ID == u.ID }) {
			t.Errorf("search %q does not find %s (%s) among %d users", fragment, u.Name, u.Email, len(got))
		}
		for _, f := range got {
			if !strings.Contains(console.UserSearchKey(f.Name, f.Email), console.SearchKey(fragment)) {
				t.Errorf("search %q finds %s (%s)", fragment, f.Name, f.Email)
			}
		}
	}
	if fragments < 12 {
		t.Errorf("only %d names in other scripts than Latin", fragments)
	}
}

// nonLatinFragment is three letters from the middle of the longest word
// of name when it is written in another script than Latin, else "".
func nonLatinFragment(name string) string {
	word := ""
	for _, w := range strings.Fields(name) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(word) {
			word = w
		}
	}
	r := []rune(word)
	if len(r) < 3 || unicode.Is(unicode.Latin, r[0]) {
		return ""
	}
	return string(r[(len(r)-3)/2:][:3])
}

// wantHistory checks the sign-in history and links against what Console
// would have kept: last_login_at is the last success on record, and
// nothing is older than retention leaves.
func wantHistory(t *testing.T, dsn, orgID string) {
	t.Helper()
	raw := storetest.Raw(t, dsn)
	kept := time.Now().Add(-signInRetention).UTC().Format("2006-01-02T15:04:05.000000Z")
	links := time.Now().Add(-linkRetention).UTC().Format("2006-01-02T15:04:05.000000Z")
	checks := []struct {
		what  string
		query string
		args  []any
		want  func(int) bool
	}{
		{"sign-in attempts", `SELECT COUNT(*) FROM sign_in_attempts WHERE org_id = $1`, []any{orgID}, func(n int) bool { return n > 300 }},
		{"attempts older than retention", `SELECT COUNT(*) FROM sign_in_attempts WHERE org_id = $1 AND created_at < $2`,
			[]any{orgID, kept}, func(n int) bool { return n == 0 }},
		{"links older than retention", `SELECT COUNT(*) FROM user_tokens WHERE org_id = $1 AND (expires_at < $2 OR used_at < $2)`,
			[]any{orgID, links}, func(n int) bool { return n == 0 }},
		{"last sign-ins not on record", `SELECT COUNT(*) FROM users u WHERE u.org_id = $1 AND u.last_login_at >= $2
			AND u.last_login_at IS DISTINCT FROM (SELECT MAX(a.created_at) FROM sign_in_attempts a
				WHERE a.org_id = u.org_id AND a.user_id = u.id AND a.result = 'success')`, []any{orgID, kept}, func(n int) bool { return n == 0 }},
		{"recent sign-ins without a last sign-in", `SELECT COUNT(*) FROM sign_in_attempts a JOIN users u ON u.org_id = a.org_id AND u.id = a.user_id
			WHERE a.org_id = $1 AND a.result = 'success' AND (u.last_login_at IS NULL OR u.last_login_at < a.created_at)`,
			[]any{orgID}, func(n int) bool { return n == 0 }},
	}
	for _, c := range checks {
		var n int
		if err := raw.QueryRow(c.query, c.args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if !c.want(n) {
			t.Errorf("%s: %d", c.what, n)
		}
	}
}

// TestSeedGeneratorDeterministic checks that a seed always makes the same
// people, and another seed other addresses.
func TestSeedGeneratorDeterministic(t *testing.T) {
	org := &console.Org{InvitationTTL: console.DefaultInvitationTTL}
	groups := &seededGroups{admins: "a", managers: "m", apps: []string{"x", "y"}, weights: []int{2, 1}}
	now := time.Now()
	people := func(seed uint64) []string {
		g := newSeedGenerator(&seedOptions{users: 500, seed: seed}, org, groups, "hash", now)
		var out []string
		for _, b := range g.batch(0, 500) {
			out = append(out, b.User.Email+" "+b.User.Name+" "+string(b.User.Status)+" "+b.User.CreatedAt.String())
		}
		return out
	}
	first, again, other := people(7), people(7), people(8)
	if !slices.Equal(first, again) {
		t.Error("the same seed made other users")
	}
	for i := range other {
		if strings.Fields(other[i])[0] == strings.Fields(first[i])[0] {
			t.Fatalf("seeds 7 and 8 both made %s", strings.Fields(first[i])[0])
		}
	}
}

func TestSeedFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--org", "acme", "--users", "10"},
		{"--db", "x.db", "--users", "10"},
		{"--db", "x.db", "--org", "acme", "--users", "0"},
		{"--db", "x.db", "--org", "acme", "--users", "10", "--seed", "0"},
		{"--db", "x.db", "--org", "acme", "--users", "10", "extra"},
	} {
		if err := seedMain(t.Context(), args, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	st, dsn := storetest.OpenSQLite(t)
	st.Close()
	err := seedMain(t.Context(), []string{"--db", dsn, "--org", "nobody", "--users", "10"}, io.Discard)
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "console org create") {
		t.Errorf("unknown organization: %v", err)
	}
}
