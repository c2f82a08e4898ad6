package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// TestSearchKeysFilled: users without a search key (all of them right
// after migration 0004, or those an older Console created since) get one
// when Console next migrates, and are found meanwhile.
func TestSearchKeysFilled(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			orgID, _ := orgWithUsers(t, st, "Élodie Durand", "Jane Doe", "Zoë Ávila")
			raw := openRaw(t, dsn)
			if _, err := raw.Exec(`UPDATE users SET search_key = NULL`); err != nil {
				t.Fatal(err)
			}
			// Before the fill, ASCII searches still find them.
			if n := found(t, st, orgID, "JANE"); n != 1 {
				t.Fatalf("search before the fill found %d users, want 1", n)
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var missing int
			if err := raw.QueryRow(`SELECT COUNT(*) FROM users WHERE search_key IS NULL`).Scan(&missing); err != nil {
				t.Fatal(err)
			}
			if missing != 0 {
				t.Fatalf("%d users still without a search key", missing)
			}
			for _, q := range []string{"elodie", "zoe avila", "DOE"} {
				if n := found(t, st, orgID, q); n != 1 {
					t.Errorf("search %q found %d users, want 1", q, n)
				}
			}
		})
	}
}

// TestSearchKeyNeverStale: a change of name or email made without the key
// (by an older Console, or by hand) empties the key rather than leaving it
// stale, and the user is found by the new name and no longer by the old.
func TestSearchKeyNeverStale(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			orgID, users := orgWithUsers(t, st, "Jane Doe")
			u := users[0]
			raw := openRaw(t, dsn)
			if _, err := raw.Exec(`UPDATE users SET name = 'Jane Smith', email = 'smith@acme.test',
				email_key = 'smith@acme.test' WHERE id = $1`, u.ID); err != nil {
				t.Fatal(err)
			}
			check := func(when string) {
				t.Helper()
				for q, want := range map[string]int{"smith": 1, "doe": 0} {
					if n := found(t, st, orgID, q); n != want {
						t.Errorf("%s: search %q found %d users, want %d", when, q, n, want)
					}
				}
			}
			check("before the fill")
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var key sql.NullString
			if err := raw.QueryRow(`SELECT search_key FROM users WHERE id = $1`, u.ID).Scan(&key); err != nil {
				t.Fatal(err)
			}
			if key.String != console.UserSearchKey("Jane Smith", "smith@acme.test") {
				t.Fatalf("search key %q after the fill", key.String)
			}
			check("after the fill")
		})
	}
}

// orgWithUsers creates an organization with an Active user of each name,
// whose email is the name's last word at acme.test.
func orgWithUsers(t *testing.T, st *store.Store, names ...string) (string, []*console.User) {
	t.Helper()
	ctx := context.Background()
	org := &console.Org{Slug: "acme", Name: "Acme", CreatedAt: time.Now()}
	var users []*console.User
	err := st.Tx(ctx, func(q *store.Queries) error {
		if err := q.CreateOrg(ctx, org); err != nil {
			return err
		}
		for _, name := range names {
			words := strings.Fields(name)
			u := &console.User{OrgID: org.ID, Email: strings.ToLower(words[len(words)-1]) + "@acme.test", Name: name,
				Status: console.StatusActive, CreatedAt: time.Now()}
			if err := q.CreateUser(ctx, u); err != nil {
				return err
			}
			users = append(users, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return org.ID, users
}

func found(t *testing.T, st *store.Store, orgID, query string) int {
	t.Helper()
	page, err := st.ListUsers(context.Background(), orgID, store.UserFilter{Query: query, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Users)
}

// openRaw opens the test database without Console, to put it in a state
// Console itself never leaves it in.
func openRaw(t *testing.T, dsn string) *sql.DB {
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSearchPagesMergeUsersWithoutKey pages through a search whose matches
// are partly users without a search key yet (SQLite merges the two in
// creation order), and past a cursor whose user has since been deleted:
// every match comes once, newest first.
func TestSearchPagesMergeUsersWithoutKey(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			names := make([]string, 30)
			for i := range names {
				names[i] = fmt.Sprintf("Pat Number%02d", i)
			}
			orgID, users := orgWithUsers(t, st, names...)
			raw := openRaw(t, dsn)
			for i, u := range users {
				if i%3 == 0 {
					if _, err := raw.Exec(`UPDATE users SET search_key = NULL WHERE id = $1`, u.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			want := []string{}
			for i := len(users) - 1; i >= 0; i-- {
				want = append(want, users[i].ID)
			}
			got := pageThrough(t, st, orgID, "number", "", "", 4)
			if !slices.Equal(got, want) {
				t.Fatalf("got %v\nwant %v", got, want)
			}
			// A cursor made at the 8th user, who is then deleted: the next
			// page starts with the 9th.
			ctx := context.Background()
			page, err := st.ListUsers(ctx, orgID, store.UserFilter{Query: "number", Limit: 8})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Tx(ctx, func(q *store.Queries) error { return q.DeleteUser(ctx, orgID, want[7], console.StatusActive) }); err != nil {
				t.Fatal(err)
			}
			next, err := st.ListUsers(ctx, orgID, store.UserFilter{Query: "number", Limit: 3, Cursor: page.NextCursor})
			if err != nil {
				t.Fatal(err)
			}
			if len(next.Users) != 3 || next.Users[0].ID != want[8] || next.Users[2].ID != want[10] {
				t.Errorf("after a deleted cursor user: got %d users starting %v, want %v", len(next.Users), next.Users, want[8:11])
			}
		})
	}
}

// TestSearchOrderFollowsCreation: users inserted out of creation order (an
// import or a seed of past users) are still found newest first by
// created_at, by searches long and short, as the plain list shows them.
func TestSearchOrderFollowsCreation(t *testing.T) {
	defer store.SetSearchWindow(4, 3)()
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, _ := e.Open(t)
			org := &console.Org{Slug: "acme", Name: "Acme", CreatedAt: time.Now()}
			base := time.Now().Add(-time.Hour).Truncate(time.Second)
			var want []string
			err := st.Tx(ctx, func(q *store.Queries) error {
				if err := q.CreateOrg(ctx, org); err != nil {
					return err
				}
				// Inserted oldest last: insertion order is the reverse of creation.
				for i := range 20 {
					u := &console.User{OrgID: org.ID, Email: fmt.Sprintf("number%02d@acme.test", i), Name: fmt.Sprintf("Pat Number%02d", i),
						Status: console.StatusActive, CreatedAt: base.Add(-time.Duration(i) * time.Minute)}
					if err := q.CreateUser(ctx, u); err != nil {
						return err
					}
					want = append(want, u.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, query := range []string{"", "pat", "number", "nu"} {
				if got := pageThrough(t, st, org.ID, query, "", "", 3); !slices.Equal(got, want) {
					t.Errorf("q=%q: got %v\nwant %v", query, got, want)
				}
			}
		})
	}
}
