package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
	"console/internal/store/storetest"
)

// listFixture is an organization of users with every status, expired and
// live invitations, names in several scripts, and two groups, made through
// the store's own writes.
type listFixture struct {
	orgID          string
	small, big     string // group ids
	users          []*console.User
	expired        map[string]bool
	inSmall, inBig map[string]bool
}

var listNames = []string{"Élodie Durand", "Jane Doe", "Zoë Ávila", "Иван Петров", "Γιώργος Παπαδόπουλος",
	"李小龍", "Ahmed Alami", "Ana María Núñez", "Jean-Luc Picard", "Mary-Jane Watson"}

func newListFixture(t *testing.T, st *store.Store, n int) *listFixture {
	t.Helper()
	ctx := context.Background()
	f := &listFixture{expired: map[string]bool{}, inSmall: map[string]bool{}, inBig: map[string]bool{}}
	base := time.Now().Add(-time.Duration(n) * time.Minute).UTC().Truncate(time.Second)
	err := st.Tx(ctx, func(q *store.Queries) error {
		org := &console.Org{Slug: "acme", Name: "Acme", CreatedAt: base}
		if err := q.CreateOrg(ctx, org); err != nil {
			return err
		}
		f.orgID = org.ID
		small := &console.Group{OrgID: org.ID, Name: "Small", CreatedAt: base}
		big := &console.Group{OrgID: org.ID, Name: "Big", CreatedAt: base}
		for _, g := range []*console.Group{small, big} {
			if err := q.CreateGroup(ctx, g); err != nil {
				return err
			}
		}
		f.small, f.big = small.ID, big.ID
		statuses := []console.Status{console.StatusActive, console.StatusActive, console.StatusInvited, console.StatusInactive}
		for i := range n {
			name := listNames[i%len(listNames)]
			// Several users share a second (ties broken by id), as an import makes them.
			created := base.Add(time.Duration(i/3) * time.Second)
			u := &console.User{OrgID: org.ID, Email: fmt.Sprintf("user%d.%s@ex%d.test", i, strings.Fields(name)[0], i%3),
				Name: name, Status: statuses[i%len(statuses)], CreatedAt: created}
			if i%7 == 0 {
				u.Email = fmt.Sprintf("rare%d@acme.test", i)
			}
			if err := q.CreateUser(ctx, u); err != nil {
				return err
			}
			f.users = append(f.users, u)
			if i%3 != 1 && u.Status != console.StatusInvited {
				// Sign-ins shared by several users, and some never.
				login := base.Add(time.Duration(i%40) * time.Second)
				if err := q.RecordLogin(ctx, org.ID, u.ID, login); err != nil {
					return err
				}
				u.LastLoginAt = &login
			}
			if u.Status == console.StatusInvited && i%24 == 6 {
				f.expired[u.ID] = true // its expired link since removed by retention
			} else if u.Status == console.StatusInvited {
				expires := time.Now().Add(24 * time.Hour)
				if i%8 == 2 {
					expires = time.Now().Add(-time.Hour)
					f.expired[u.ID] = true
				}
				if err := q.CreateUserToken(ctx, org.ID, u.ID, store.PurposeInvitation, fmt.Sprintf("hash-%d", i), created, expires); err != nil {
					return err
				}
			}
			if i%2 == 0 {
				f.inBig[u.ID] = true
				if err := q.AddMember(ctx, org.ID, u.ID, big.ID, created); err != nil {
					return err
				}
			}
			if i%29 == 0 {
				f.inSmall[u.ID] = true
				if err := q.AddMember(ctx, org.ID, u.ID, small.ID, created); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestListUsersMatchesEveryFilter pages through every filter and search,
// alone and together, on both engines, and compares each listing with the
// same filter applied to every user by hand: the indexes, the SQLite search
// window and its fallback to the trigram index change how users are found,
// never which ones or in what order.
func TestListUsersMatchesEveryFilter(t *testing.T) {
	defer store.SetSearchWindow(40, 12)()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, _ := e.Open(t)
			fx := newListFixture(t, st, 300)
			newestFirst := slices.Clone(fx.users)
			slices.SortFunc(newestFirst, func(a, b *console.User) int {
				if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
					return c
				}
				return strings.Compare(b.ID, a.ID)
			})
			queries := []string{"", "jane", "JANE DOE", "ивАн", "παπα", "小龍", "zoe", "avila", "rare", "rare14@", "rare14@acme.test",
				"RARE14@ACME.TEST", "user15.", "ex2.test", "e", "zz", "nobody-has-this", "100%", "a_b", "ser1*", "ser1?", "[a]", "ser_1"}
			groups := []string{"", fx.small, fx.big}
			statuses := []console.Status{"", console.StatusActive, console.StatusInvited, console.StatusInactive, "expired"}
			for _, query := range queries {
				for _, group := range groups {
					for _, status := range statuses {
						want := expectedList(fx, newestFirst, query, group, status)
						got := pageThrough(t, st, fx.orgID, query, group, status, 7)
						if !slices.Equal(got, want) {
							t.Errorf("q=%q group=%s status=%q: got %d users, want %d\ngot  %v\nwant %v",
								query, group, status, len(got), len(want), got, want)
						}
					}
				}
			}
		})
	}
}

func expectedList(fx *listFixture, newestFirst []*console.User, query, group string, status console.Status) []string {
	ids := []string{}
	for _, u := range newestFirst {
		switch {
		case group == fx.small && !fx.inSmall[u.ID], group == fx.big && !fx.inBig[u.ID]:
		case status == "expired" && !fx.expired[u.ID]:
		case status != "" && status != "expired" && u.Status != status:
		case !matchesQuery(u, query):
		default:
			ids = append(ids, u.ID)
		}
	}
	return ids
}

// matchesQuery is the documented meaning of q: a whole address is that
// mailbox; anything else is a substring of the folded name or email.
func matchesQuery(u *console.User, query string) bool {
	if query == "" {
		return true
	}
	local, domain, ok := strings.Cut(query, "@")
	if ok && local != "" && strings.Contains(domain, ".") {
		return console.EmailKey(u.Email) == console.EmailKey(query)
	}
	key := console.SearchKey(query)
	return strings.Contains(console.SearchKey(u.Name), key) || strings.Contains(console.SearchKey(u.Email), key)
}

func pageThrough(t *testing.T, st *store.Store, orgID, query, group string, status console.Status, limit int) []string {
	t.Helper()
	f := store.UserFilter{Query: query, GroupID: group, Now: time.Now()}
	if status == "expired" {
		f.InvitationExpired = true
	} else {
		f.Status = status
	}
	ids := []string{}
	for _, u := range storetest.AllUsers(t, st, orgID, f, limit) {
		ids = append(ids, u.ID)
	}
	return ids
}

// TestListUsersSortsAndPagesBothWays pages through every order, each way,
// with every filter and a few searches, forward by Cursor and back by
// Before, on both engines, and compares each listing with the filter and
// the order applied by hand to every user.
func TestListUsersSortsAndPagesBothWays(t *testing.T) {
	defer store.SetSearchWindow(40, 12)()
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			st, _ := e.Open(t)
			fx := newListFixture(t, st, 200)
			byID := map[string]*console.User{}
			for _, u := range fx.users {
				byID[u.ID] = u
			}
			sorts := []store.UserSort{"", store.SortName, store.SortStatus, store.SortLastLogin}
			for _, query := range []string{"", "jane", "rare14@acme.test", "e"} {
				for _, group := range []string{"", fx.small, fx.big} {
					for _, status := range []console.Status{"", console.StatusActive, console.StatusInvited, console.StatusInactive, "expired"} {
						for _, sort := range sorts {
							for _, asc := range []bool{false, true} {
								want := expectedList(fx, fx.users, query, group, status)
								slices.SortFunc(want, func(a, b string) int { return compareBy(byID[a], byID[b], sort, asc) })
								f := store.UserFilter{Query: query, GroupID: group, Sort: sort, Ascending: asc, Now: time.Now(), Limit: 9}
								if status == "expired" {
									f.InvitationExpired = true
								} else {
									f.Status = status
								}
								forward, backward := pageBothWays(t, st, fx.orgID, f)
								if !slices.Equal(forward, want) || !slices.Equal(backward, want) {
									t.Errorf("q=%q group=%s status=%q sort=%q asc=%v: want %d users\nforward  %v\nbackward %v\nwant     %v",
										query, group, status, sort, asc, len(want), forward, backward, want)
								}
							}
						}
					}
				}
			}
		})
	}
}

// compareBy orders users as the documented order does: the order's
// keys, then the id, all reversed when descending.
func compareBy(a, b *console.User, sort store.UserSort, asc bool) int {
	login := func(u *console.User) string {
		if u.LastLoginAt == nil {
			return "" // never: before every time
		}
		return u.LastLoginAt.UTC().Format(time.RFC3339Nano)
	}
	var c int
	switch sort {
	case store.SortName:
		c = strings.Compare(console.NameSortKey(a.Name, a.Email), console.NameSortKey(b.Name, b.Email))
	case store.SortStatus:
		c = cmp.Or(strings.Compare(string(a.Status), string(b.Status)), a.CreatedAt.Compare(b.CreatedAt))
	case store.SortLastLogin:
		c = cmp.Compare(login(a), login(b))
		if a.LastLoginAt != nil && b.LastLoginAt != nil {
			c = a.LastLoginAt.Compare(*b.LastLoginAt)
		}
	default:
		c = a.CreatedAt.Compare(b.CreatedAt)
	}
	c = cmp.Or(c, strings.Compare(a.ID, b.ID))
	if !asc {
		c = -c
	}
	return c
}

// pageBothWays lists f forward to the last page, then back from it to the
// first by each page's PrevCursor, and returns both listings' ids. It
// checks that the first page has no PrevCursor and the last no NextCursor.
func pageBothWays(t *testing.T, st *store.Store, orgID string, f store.UserFilter) (forward, backward []string) {
	t.Helper()
	ids := func(p *store.UserPage) []string {
		out := []string{}
		for _, u := range p.Users {
			out = append(out, u.ID)
		}
		return out
	}
	list := func(f store.UserFilter) *store.UserPage {
		p, err := st.ListUsers(t.Context(), orgID, f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	forward = []string{}
	p := list(f)
	if p.PrevCursor != "" {
		t.Errorf("the first page has a previous page")
	}
	for {
		forward = append(forward, ids(p)...)
		if p.NextCursor == "" {
			break
		}
		f.Cursor = p.NextCursor
		p = list(f)
	}
	// Back from the last page; the first page is full, so that it may
	// repeat some of the second.
	pages := [][]string{ids(p)}
	for p.PrevCursor != "" {
		f.Cursor, f.Before = "", p.PrevCursor
		p = list(f)
		if p.NextCursor == "" {
			t.Errorf("a page gone back to has no next page")
		}
		pages = append(pages, ids(p))
	}
	backward = []string{}
	seen := map[string]bool{}
	for _, page := range slices.Backward(pages) {
		for _, id := range page {
			if !seen[id] {
				seen[id] = true
				backward = append(backward, id)
			}
		}
	}
	return forward, backward
}
