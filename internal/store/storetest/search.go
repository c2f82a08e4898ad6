package storetest

import (
	"slices"
	"testing"

	"console/internal/console"
	"console/internal/store"
)

// testSearchFoldsCaseAndAccents finds users whatever the case and accents
// of the search or of their names, in any script, and after the changes
// that set a name or email.
func testSearchFoldsCaseAndAccents(t *testing.T, s *store.Store) {
	f := seed(t, s, "acme")
	org := f.org.ID
	elodie := &console.User{OrgID: org, Email: "e.durand@acme.test", Name: "Élodie Durand", Status: console.StatusActive, CreatedAt: t0}
	if err := s.Tx(ctx, func(q *store.Queries) error { return q.CreateUser(ctx, elodie) }); err != nil {
		t.Fatal(err)
	}
	invited := addUser(t, s, org, "ozgur@acme.test", console.StatusInvited, t0)
	if err := s.Tx(ctx, func(q *store.Queries) error {
		return q.ActivateUser(ctx, org, invited.ID, "ÖZGÜR ŞAHİN", "hash", t0)
	}); err != nil {
		t.Fatal(err)
	}
	renamed := addUser(t, s, org, "a.petrova@acme.test", console.StatusActive, t0)
	if err := s.Tx(ctx, func(q *store.Queries) error {
		name, email := "Анна Петрова", "anna@acme.test"
		return q.UpdateUser(ctx, org, renamed.ID, renamed.Version, store.UserChanges{Name: &name, Email: &email})
	}); err != nil {
		t.Fatal(err)
	}

	for query, want := range map[string][]string{
		"elodie":      {elodie.ID},
		"ÉLODIE DUR":  {elodie.ID},
		"e.durand@":   {elodie.ID},
		"özgür":       {invited.ID},
		"ozgur sahin": {invited.ID},
		"петрова":     {renamed.ID},
		"ANNA@":       {renamed.ID},
		"a.petrova":   nil, // the old address no longer finds her
		"durand\ne.":  nil, // a search never spans name and email
	} {
		page, err := s.ListUsers(ctx, org, store.UserFilter{Query: query, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range page.Users {
			got = append(got, u.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("search %q found %v, want %v", query, got, want)
		}
	}
}
