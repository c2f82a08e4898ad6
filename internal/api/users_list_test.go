package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"console/internal/apptest"
)

type userPage struct {
	Users []struct {
		ID    string `json:"id"`
		Email string `json:"email"`
	} `json:"users"`
	NextCursor string `json:"next_cursor"`
	PrevCursor string `json:"prev_cursor"`
	Total      *int64 `json:"total"`
}

// TestListUsersTotalSortAndPages lists users by the API on both engines:
// the total of each filter (absent for a search), an order by email with
// pages forward and back, and the refusals of a sort no index serves and
// of two cursors at once.
func TestListUsersTotalSortAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		g := createGroup(t, adm, "Editors")
		for _, name := range []string{"dora", "carl", "bea", "abe", "eve"} {
			adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": name + "@acme.test", "groups": []string{g.ID}}).
				ExpectStatus(t, http.StatusCreated)
		}
		list := func(query url.Values) userPage {
			t.Helper()
			var p userPage
			adm.Do("GET", "/api/v1/users?"+query.Encode(), nil).ExpectStatus(t, http.StatusOK).JSON(t, &p)
			return p
		}
		total := func(query url.Values) int64 {
			t.Helper()
			p := list(query)
			if p.Total == nil {
				t.Fatalf("%v: no total", query)
			}
			return *p.Total
		}
		for query, want := range map[string]int64{"": 6, "status=invited": 5, "status=active": 1, "group=" + g.ID: 5,
			"group=" + g.ID + "&status=active": 0} {
			v, _ := url.ParseQuery(query)
			if got := total(v); got != want {
				t.Errorf("%s: total %d, want %d", query, got, want)
			}
		}
		if p := list(url.Values{"q": {"abe"}}); p.Total != nil {
			t.Errorf("a search has a total: %d", *p.Total)
		}
		// Invited users show their address as their name, in order.
		emails := func(p userPage) []string {
			var out []string
			for _, u := range p.Users {
				out = append(out, u.Email)
			}
			return out
		}
		q := url.Values{"sort": {"name"}, "status": {"invited"}, "limit": {"2"}}
		first := list(q)
		if got := emails(first); !slices.Equal(got, []string{"abe@acme.test", "bea@acme.test"}) || first.PrevCursor != "" {
			t.Fatalf("first page by name: %v, prev %q", got, first.PrevCursor)
		}
		q.Set("cursor", first.NextCursor)
		second := list(q)
		if got := emails(second); !slices.Equal(got, []string{"carl@acme.test", "dora@acme.test"}) || second.PrevCursor == "" {
			t.Fatalf("second page by name: %v, prev %q", got, second.PrevCursor)
		}
		q.Del("cursor")
		q.Set("before", second.PrevCursor)
		if back := list(q); !slices.Equal(emails(back), emails(first)) || back.PrevCursor != "" || back.NextCursor == "" {
			t.Errorf("back to the first page: %v, prev %q", emails(back), back.PrevCursor)
		}
		q.Set("sort", "-name")
		q.Del("before")
		if got := emails(list(q)); !slices.Equal(got, []string{"eve@acme.test", "dora@acme.test"}) {
			t.Errorf("by name, descending: %v", got)
		}
		// A group (of at most service.MaxSortedGroup members) in any order.
		if r := adm.Do("GET", "/api/v1/users?sort=-last_login_at&group="+g.ID, nil); r.StatusCode != http.StatusOK {
			t.Errorf("a small group by last sign-in: %d %s", r.StatusCode, r.Body)
		}
		for _, c := range []struct{ name, query, field string }{
			{"unknown sort", "sort=email", "sort"},
			{"sort by name in a search", "sort=name&q=abe", "sort"},
			{"both cursors", "cursor=" + first.NextCursor + "&before=" + first.NextCursor, "before"},
			{"a cursor of another order", "sort=-last_login_at&cursor=" + first.NextCursor, "cursor"},
		} {
			wantFieldNamed(t, c.name, adm.Do("GET", "/api/v1/users?"+c.query, nil), c.field, http.StatusUnprocessableEntity)
		}
	})
}
