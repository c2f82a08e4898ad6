package store_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// TestListQueryPlans asks each engine how it runs every list and search
// query and checks that an index serves it: that a million users cost a
// page, not a scan. On PostgreSQL sequential scans and sorts are priced out
// (a test table is small enough for a scan to win), so the plan shows
// whether an index can serve the query at all.
func TestListQueryPlans(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			fx := newListFixture(t, st, 60)
			raw := storetest.Raw(t, dsn)
			pg := st.Dialect() == store.Postgres
			if pg {
				// Enough users for the organization alone not to be a
				// short list, as at scale; the planner then weighs the indexes.
				if _, err := raw.Exec(`INSERT INTO users (id, org_id, email, email_key, email_key_of, search_key, name, status, created_at)
					SELECT 'filler' || g, $1, 'filler' || g || '@x.test', 'filler' || g || '@x.test', 'filler' || g || '@x.test',
						'filler ' || g || E'\n' || 'filler' || g || '@x.test', 'Filler ' || g, 'inactive', now() - interval '3 years'
					FROM generate_series(1, 20000) g`, fx.orgID); err != nil {
					t.Fatal(err)
				}
				mustExec(t, raw, `ANALYZE`)
			}
			page, err := st.ListUsers(t.Context(), fx.orgID, store.UserFilter{Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			cursor := page.NextCursor
			cursorOf := func(sort store.UserSort) string {
				page, err := st.ListUsers(t.Context(), fx.orgID, store.UserFilter{Limit: 5, Sort: sort})
				if err != nil {
					t.Fatal(err)
				}
				return page.NextCursor
			}
			byName, byLogin, byStatus := cursorOf(store.SortName), cursorOf(store.SortLastLogin), cursorOf(store.SortStatus)
			now := time.Now()
			cases := []struct {
				name             string
				f                store.UserFilter
				mode             string   // of a SQLite search (store.ListUsersSQL)
				sqlite, postgres []string // each must appear in the plan
			}{
				{"first page", store.UserFilter{}, "",
					[]string{"users_org_created"}, []string{"users_org_created"}},
				{"deep page", store.UserFilter{Cursor: cursor}, "",
					[]string{"users_org_created (org_id=? AND (created_at,id)<(?,?))"}, []string{"users_org_created", "ROW(created_at, id) <"}},
				{"status", store.UserFilter{Status: console.StatusActive, Cursor: cursor}, "",
					[]string{"users_org_status_created (org_id=? AND status=? AND (created_at,id)<(?,?))"}, []string{"users_org_status_created"}},
				{"expired invitations", store.UserFilter{InvitationExpired: true, Now: now}, "",
					[]string{"users_org_status_created (org_id=? AND status=?)", "COVERING INDEX user_tokens_live"},
					[]string{"users_org_status_created", "Index Only Scan using user_tokens_live"}},
				{"group", store.UserFilter{GroupID: fx.small, Cursor: cursor}, "",
					[]string{"memberships_group_members (group_id=? AND (user_created_at,user_id)<(?,?))"}, []string{"memberships_group_members"}},
				{"page back", store.UserFilter{Before: cursor}, "",
					[]string{"users_org_created (org_id=? AND (created_at,id)>(?,?))"}, []string{"users_org_created", "ROW(created_at, id) >"}},
				{"by name", store.UserFilter{Sort: store.SortName, Ascending: true, Cursor: byName}, "",
					[]string{"users_org_name (org_id=? AND (name_key,id)>(?,?))"}, []string{"users_org_name", "ROW(name_key, id) >"}},
				{"by name back", store.UserFilter{Sort: store.SortName, Before: byName}, "",
					[]string{"users_org_name (org_id=? AND (name_key,id)>(?,?))"}, []string{"users_org_name"}},
				{"by name with a status", store.UserFilter{Sort: store.SortName, Status: console.StatusActive, Cursor: byName}, "",
					[]string{"users_org_status_name (org_id=? AND status=? AND (name_key,id)<(?,?))"}, []string{"users_org_status_name"}},
				{"by name, expired invitations", store.UserFilter{Sort: store.SortName, InvitationExpired: true, Now: now}, "",
					[]string{"users_org_status_name (org_id=? AND status=?)"}, []string{"users_org_status_name"}},
				{"by last sign-in", store.UserFilter{Sort: store.SortLastLogin, Cursor: byLogin}, "",
					[]string{"users_org_login (org_id=? AND (login_key,id)<(?,?))"}, []string{"users_org_login", "ROW(COALESCE(last_login_at"}},
				{"by last sign-in, oldest first", store.UserFilter{Sort: store.SortLastLogin, Ascending: true}, "",
					[]string{"users_org_login (org_id=?)"}, []string{"users_org_login"}},
				{"by last sign-in with a status", store.UserFilter{Sort: store.SortLastLogin, Status: console.StatusActive, Cursor: byLogin}, "",
					[]string{"users_org_status_login (org_id=? AND status=? AND (login_key,id)<(?,?))"}, []string{"users_org_status_login"}},
				{"by status", store.UserFilter{Sort: store.SortStatus, Cursor: byStatus}, "",
					[]string{"users_org_status_created (org_id=? AND (status,created_at,id)<(?,?,?))"}, []string{"users_org_status_created", "ROW(status, created_at, id) <"}},
				{"by status with a status", store.UserFilter{Sort: store.SortStatus, Ascending: true, Status: console.StatusActive, Cursor: byStatus}, "",
					[]string{"users_org_status_created (org_id=? AND status=? AND (created_at,id)>(?,?))"}, []string{"users_org_status_created", "ROW(created_at, id) >"}},
				{"group by status with a status", store.UserFilter{GroupID: fx.big, Sort: store.SortStatus, Status: console.StatusActive, Cursor: byStatus}, "",
					[]string{"memberships_group_status (group_id=? AND user_status=? AND (user_created_at,user_id)<(?,?))"}, []string{"memberships_group_status"}},
				{"group with a status", store.UserFilter{GroupID: fx.big, Status: console.StatusActive, Cursor: cursor}, "",
					[]string{"memberships_group_status (group_id=? AND user_status=? AND (user_created_at,user_id)<(?,?))"}, []string{"memberships_group_status"}},
				{"group by status", store.UserFilter{GroupID: fx.big, Sort: store.SortStatus, Cursor: byStatus}, "",
					[]string{"memberships_group_status (group_id=? AND (user_status,user_created_at,user_id)<(?,?,?))"}, []string{"memberships_group_status"}},
				{"exact email", store.UserFilter{Query: "Rare7@Acme.test"}, "",
					[]string{"users_org_email (org_id=? AND email_key=?)"}, []string{"users_org_email"}},
				{"search", store.UserFilter{Query: "rare14"}, "trigrams",
					[]string{"VIRTUAL TABLE INDEX 0:G", "users_search_key_missing", "USING INTEGER PRIMARY KEY (rowid=?)"},
					[]string{"users_search_trgm", "users_search_key_missing"}},
				{"search in the newest", store.UserFilter{Query: "ndez"}, "window",
					[]string{"USING INTEGER PRIMARY KEY (rowid=?)", "COVERING INDEX users_org_created"}, nil},
				{"search in a group's newest", store.UserFilter{Query: "ndez", GroupID: fx.big}, "window",
					[]string{"USING INTEGER PRIMARY KEY (rowid=?)", "memberships_group_members (group_id=?)"}, nil},
			}
			for _, c := range cases {
				if pg && c.mode == "window" {
					continue
				}
				c.f.Limit = 50
				mode := c.mode
				if pg {
					mode = "" // PostgreSQL weighs the trigram index itself
				}
				query, args := store.ListUsersSQL(st.Dialect(), fx.orgID, c.f, mode)
				plan := explain(t, raw, pg, c.f.Query == "", query, args)
				want := c.sqlite
				if pg {
					want = c.postgres
				}
				for _, w := range want {
					if !strings.Contains(plan, w) {
						t.Errorf("%s: plan does not use %q:\n%s", c.name, w, plan)
					}
				}
				if pg && c.f.Query == "" && strings.Contains(plan, "Sort Key") {
					t.Errorf("%s: plan sorts rows rather than reading them in order:\n%s", c.name, plan)
				}
				if !pg && c.f.Query == "" && strings.Contains(plan, "TEMP B-TREE") {
					t.Errorf("%s: plan sorts rows rather than reading them in order:\n%s", c.name, plan)
				}
				if !pg && strings.Contains(plan, "SCAN u\n") {
					t.Errorf("%s: plan scans every user:\n%s", c.name, plan)
				}
			}
			// A user's groups come by the memberships' primary key, whatever
			// the size of the groups.
			member := fx.users[0].ID
			for name, query := range map[string]string{"user grants": store.UserGrantsSQL, "users' groups": store.UserGroupsSQL(2)} {
				args := []any{fx.orgID, member}
				if name == "users' groups" {
					args = append(args, fx.users[1].ID)
				}
				plan := explain(t, raw, pg, false, query, args)
				want := "sqlite_autoindex_memberships_1 (user_id=?"
				if pg {
					want = "memberships_pkey"
				}
				if !strings.Contains(plan, want) || strings.Contains(plan, "memberships_group_members") {
					t.Errorf("%s: plan does not find memberships by user (%s):\n%s", name, want, plan)
				}
			}
		})
	}
}

// explain returns the plan of query; on PostgreSQL with sequential scans
// priced out, and sorts too when inOrder asks for rows read in order.
func explain(t *testing.T, raw *sql.DB, pg, inOrder bool, query string, args []any) string {
	t.Helper()
	conn, err := raw.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	prefix := `EXPLAIN QUERY PLAN `
	if pg {
		prefix = `EXPLAIN `
		settings := []string{`SET enable_seqscan = off`, `SET enable_sort = on`}
		if inOrder {
			settings[1] = `SET enable_sort = off`
		}
		for _, s := range settings {
			if _, err := conn.ExecContext(t.Context(), s); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, err := conn.QueryContext(t.Context(), prefix+query, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	var b strings.Builder
	for _, row := range storetest.Rows(t, rows) {
		b.WriteString(row[len(row)-1] + "\n")
	}
	return b.String()
}

func mustExec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.Exec(query); err != nil {
		t.Fatal(err)
	}
}
