package store_test

import (
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// TestUserCountsStayExact changes users every way Console does, on both
// engines, and after each change compares every count CountUsers reads
// (the organization's and each group's, by status and in all) with the
// users counted by hand: the triggers keep them exact in each change's
// own transaction, cascades and bulk inserts included.
func TestUserCountsStayExact(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			raw := storetest.Raw(t, dsn)
			ctx := t.Context()
			o := newBulkOrg(t, st, "acme")
			other := newBulkOrg(t, st, "other") // never counted with acme
			editors, support := o.groups["Editors"], o.groups["Support"]
			now := time.Now().UTC().Truncate(time.Second)
			users := map[string]string{} // name: id
			orgs := []*bulkOrg{o, other}
			check := func(step string) {
				t.Helper()
				for _, org := range orgs {
					for _, group := range []string{"", org.groups["Editors"], org.groups["Support"]} {
						for _, status := range []console.Status{"", console.StatusInvited, console.StatusActive, console.StatusInactive} {
							got, counted, err := st.CountUsers(ctx, org.id, store.UserFilter{GroupID: group, Status: status})
							if err != nil || !counted {
								t.Fatalf("%s: CountUsers: %v, counted %v", step, err, counted)
							}
							want := countByHand(t, raw, org.id, group, status)
							if got != want {
								t.Errorf("%s: group %q status %q: count %d, by hand %d", step, group, status, got, want)
							}
						}
					}
				}
			}
			tx := func(step string, fn func(q *store.Queries) error) {
				t.Helper()
				if err := st.Tx(ctx, fn); err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				check(step)
			}
			check("empty")
			for i, name := range []string{"ann", "bob", "cy", "dee"} {
				tx("invite "+name, func(q *store.Queries) error {
					u := &console.User{OrgID: o.id, Email: name + "@acme.test", Status: console.StatusInvited, CreatedAt: now.Add(time.Duration(i) * time.Second)}
					if err := q.CreateUser(ctx, u); err != nil {
						return err
					}
					users[name] = u.ID
					groups := []string{editors}
					if i%2 == 1 {
						groups = append(groups, support)
					}
					if err := q.AddNewUserGroups(ctx, o.id, u.ID, groups, now); err != nil {
						return err
					}
					return q.CreateUserToken(ctx, o.id, u.ID, store.PurposeInvitation, "hash-"+name, now, now.Add(-time.Minute))
				})
			}
			tx("activate", func(q *store.Queries) error { return q.ActivateUser(ctx, o.id, users["ann"], "Ann", "h", now) })
			tx("activate another", func(q *store.Queries) error { return q.ActivateUser(ctx, o.id, users["bob"], "Bob", "h", now) })
			tx("deactivate", func(q *store.Queries) error {
				return q.SetUserStatus(ctx, o.id, users["ann"], console.StatusActive, console.StatusInactive, &now)
			})
			tx("reactivate", func(q *store.Queries) error {
				return q.SetUserStatus(ctx, o.id, users["ann"], console.StatusInactive, console.StatusActive, nil)
			})
			tx("deactivate again", func(q *store.Queries) error {
				return q.SetUserStatus(ctx, o.id, users["bob"], console.StatusActive, console.StatusInactive, &now)
			})
			tx("add to a group", func(q *store.Queries) error { return q.AddMember(ctx, o.id, users["ann"], support, now) })
			tx("remove from a group", func(q *store.Queries) error { return q.RemoveMember(ctx, o.id, users["bob"], editors) })
			tx("set groups", func(q *store.Queries) error {
				return q.SetUserGroups(ctx, o.id, users["dee"], []string{support}, now)
			})
			tx("delete", func(q *store.Queries) error { return q.DeleteUser(ctx, o.id, users["bob"], console.StatusInactive) })
			tx("cancel invitation", func(q *store.Queries) error { return q.DeleteUser(ctx, o.id, users["cy"], console.StatusInvited) })
			bulkOf := func(org *bulkOrg, n int) []store.BulkUser {
				return bulkUsers(org.groups["Editors"], org.groups["Support"], n)
			}
			if err := st.InsertUsersBulk(ctx, o.id, bulkOf(o, 250)); err != nil {
				t.Fatal(err)
			}
			check("bulk insert")
			if err := st.InsertUsersBulk(ctx, other.id, bulkOf(other, 40)); err != nil {
				t.Fatal(err)
			}
			check("bulk insert in another organization")
			tx("retention", func(q *store.Queries) error {
				_, err := q.PurgeBefore(ctx, store.PurgeUserTokens, now, 1000)
				return err
			})
			tx("delete a group", func(q *store.Queries) error { return q.DeleteGroup(ctx, o.id, support) })
			// An organization's deletion takes its counts with it.
			conn, err := raw.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if st.Dialect() == store.SQLite {
				if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := conn.ExecContext(ctx, `DELETE FROM organizations WHERE slug = 'other'`); err != nil {
				t.Fatal(err)
			}
			orgs = orgs[:1]
			check("delete another organization")
			var left int
			if err := raw.QueryRow(`SELECT COUNT(*) FROM user_counts WHERE org_id = $1`, other.id).Scan(&left); err != nil || left != 0 {
				t.Errorf("counts of a deleted organization: %d left (%v)", left, err)
			}
		})
	}
}

// bulkUsers are n users of every status for InsertUsersBulk, some in the
// editors group, fewer in support.
func bulkUsers(editors, support string, n int) []store.BulkUser {
	var bulk []store.BulkUser
	for i := range n {
		status := []console.Status{console.StatusInvited, console.StatusActive, console.StatusInactive}[i%3]
		u := &console.User{Email: fmt.Sprintf("bulk%d@acme.test", i), Name: fmt.Sprintf("Bulk %d", i), Status: status,
			CreatedAt: bulkT0.Add(time.Duration(i) * time.Second)}
		b := store.BulkUser{User: u}
		if i%2 == 0 {
			b.GroupIDs = []string{editors}
		}
		if i%5 == 0 {
			b.GroupIDs = append(b.GroupIDs, support)
		}
		bulk = append(bulk, b)
	}
	return bulk
}

// countByHand counts the users of the organization (in group) with status
// by reading them all.
func countByHand(t *testing.T, raw *sql.DB, orgID, group string, status console.Status) int64 {
	t.Helper()
	query, args := `SELECT COUNT(*) FROM users u WHERE u.org_id = $1`, []any{orgID}
	if group != "" {
		args = append(args, group)
		query += ` AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.group_id = $2)`
	}
	if status != "" {
		args = append(args, string(status))
		query += fmt.Sprintf(` AND u.status = $%d`, len(args))
	}
	var n int64
	if err := raw.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestUserCountsUnderConcurrentChanges makes invitations into a group,
// deletions, deactivations and bulk inserts at once, on both engines:
// none fails (on PostgreSQL the count triggers lock their rows in one
// order, so they cannot deadlock), and the counts end exact.
func TestUserCountsUnderConcurrentChanges(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, dsn := e.Open(t)
			raw := storetest.Raw(t, dsn)
			ctx := t.Context()
			o := newBulkOrg(t, st, "acme")
			editors, support := o.groups["Editors"], o.groups["Support"]
			if err := st.InsertUsersBulk(ctx, o.id, bulkUsers(editors, support, 12)); err != nil {
				t.Fatal(err)
			}
			var actives []string
			for _, u := range storetest.AllUsers(t, st, o.id, store.UserFilter{Status: console.StatusActive}, 50) {
				actives = append(actives, u.ID)
			}
			now := time.Now().UTC()
			errs := make(chan error, 64)
			var wg sync.WaitGroup
			for w := range 6 {
				wg.Go(func() {
					for i := range 15 {
						var err error
						switch w % 3 {
						case 0: // invite into both groups, then cancel
							var id string
							err = st.Tx(ctx, func(q *store.Queries) error {
								u := &console.User{OrgID: o.id, Email: fmt.Sprintf("w%d-%d@acme.test", w, i), Status: console.StatusInvited, CreatedAt: now}
								if err := q.CreateUser(ctx, u); err != nil {
									return err
								}
								id = u.ID
								return q.AddNewUserGroups(ctx, o.id, u.ID, []string{support, editors}, now)
							})
							if err == nil && i%2 == 0 {
								err = st.Tx(ctx, func(q *store.Queries) error { return q.DeleteUser(ctx, o.id, id, console.StatusInvited) })
							}
						case 1: // deactivate and reactivate
							id := actives[w%len(actives)]
							err = st.Tx(ctx, func(q *store.Queries) error {
								return q.SetUserStatus(ctx, o.id, id, console.StatusActive, console.StatusInactive, &now)
							})
							if err == nil {
								err = st.Tx(ctx, func(q *store.Queries) error {
									return q.SetUserStatus(ctx, o.id, id, console.StatusInactive, console.StatusActive, nil)
								})
							}
						default: // import a few of every status
							batch := bulkUsers(editors, support, 3)
							for j, b := range batch {
								b.User.Email = fmt.Sprintf("bulk-w%d-%d-%d@acme.test", w, i, j)
							}
							err = st.InsertUsersBulk(ctx, o.id, batch)
						}
						if err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("a change failed: %v", err)
			}
			for _, group := range []string{"", editors, support} {
				for _, status := range []console.Status{"", console.StatusInvited, console.StatusActive, console.StatusInactive} {
					got, _, err := st.CountUsers(ctx, o.id, store.UserFilter{GroupID: group, Status: status})
					if want := countByHand(t, raw, o.id, group, status); err != nil || got != want {
						t.Errorf("group %q status %q: count %d (%v), by hand %d", group, status, got, err, want)
					}
				}
			}
		})
	}
}
