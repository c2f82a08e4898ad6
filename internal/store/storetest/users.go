package storetest

import (
	"fmt"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/store"
)

func testListUsersPages(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	for i := range 4 {
		// Two users share a creation time so that the id breaks the tie.
		addUser(t, s, f.org.ID, fmt.Sprintf("u%d@acme.test", i), console.StatusInvited, t0.Add(time.Duration(i/2+1)*time.Second))
	}
	var seen []string
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		page, err := s.ListUsers(ctx, f.org.ID, store.UserFilter{Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.Users {
			seen = append(seen, u.Email)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 5 {
		t.Fatalf("paged through %v, want 5 users once each", seen)
	}
	unique := map[string]bool{}
	for _, e := range seen {
		unique[e] = true
	}
	if len(unique) != 5 || seen[4] != f.admin.Email {
		t.Fatalf("pages %v: want each user once, newest first, admin last", seen)
	}
}

func testListUsersFilters(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	addUser(t, s, f.org.ID, "jane.doe@acme.test", console.StatusInvited, t0)
	addUser(t, s, f.org.ID, "percent%@acme.test", console.StatusInvited, t0)
	cases := []struct {
		filter store.UserFilter
		want   int
	}{
		{store.UserFilter{}, 3},
		{store.UserFilter{Status: console.StatusInvited}, 2},
		{store.UserFilter{Status: console.StatusActive}, 1},
		{store.UserFilter{Query: "JANE"}, 1},
		{store.UserFilter{Query: "%"}, 1},
		{store.UserFilter{Query: "admin"}, 1},
		{store.UserFilter{GroupID: f.admins.ID}, 1},
		{store.UserFilter{GroupID: f.other.ID}, 0},
		{store.UserFilter{Cursor: "garbage"}, 3},
	}
	for _, c := range cases {
		c.filter.Limit = 50
		page, err := s.ListUsers(ctx, f.org.ID, c.filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Users) != c.want {
			t.Errorf("filter %+v: %d users, want %d", c.filter, len(page.Users), c.want)
		}
	}
	page, _ := s.ListUsers(ctx, f.org.ID, store.UserFilter{GroupID: f.admins.ID, Limit: 10})
	if len(page.Users) == 1 && (len(page.Users[0].Groups) != 1 || page.Users[0].Groups[0].Name != "Administrators") {
		t.Fatalf("groups of listed admin: %+v", page.Users[0].Groups)
	}
}
