package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"console/internal/apptest"
)

// listPage is one page of any list: its items (by "id", or "name" for
// permissions) and next_cursor.
func listPage(t *testing.T, c *apptest.Client, path, items string, limit int, cursor string) ([]string, string) {
	t.Helper()
	q := url.Values{"limit": {fmt.Sprint(limit)}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	sep := "?"
	if u, _ := url.Parse(path); u.RawQuery != "" {
		sep = "&"
	}
	var out map[string]json.RawMessage
	c.Do("GET", path+sep+q.Encode(), nil).ExpectStatus(t, 200).JSON(t, &out)
	var list []map[string]any
	if err := json.Unmarshal(out[items], &list); err != nil {
		t.Fatalf("%s: %s", items, out[items])
	}
	var next string
	if err := json.Unmarshal(out["next_cursor"], &next); err != nil {
		t.Fatalf("%s: no next_cursor", path)
	}
	if len(list) > limit {
		t.Fatalf("%s: %d items for limit %d", path, len(list), limit)
	}
	ids := make([]string, len(list))
	for i, it := range list {
		id, _ := it["id"].(string)
		if id == "" {
			id, _ = it["name"].(string)
		}
		ids[i] = id
	}
	return ids, next
}

// walk reads every page of a list with a small limit.
func walk(t *testing.T, c *apptest.Client, path, items string, limit int) []string {
	t.Helper()
	var all []string
	cursor := ""
	for range 100 {
		ids, next := listPage(t, c, path, items, limit, cursor)
		all = append(all, ids...)
		if next == "" {
			return all
		}
		if len(ids) != limit {
			t.Fatalf("%s: a page of %d before the last", path, len(ids))
		}
		cursor = next
	}
	t.Fatalf("%s: no last page", path)
	return nil
}

// TestEveryListPages: every list under /api/v1 walked with a small limit
// gives each item exactly once, in the order of one big page; limit and
// cursor are checked (422 naming them); a cursor taken to another
// organization lists nothing of the first.
func TestEveryListPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		_, outsider := admin(t, app, "globex")
		for i := range 7 {
			adm.Do("POST", "/api/v1/groups", map[string]any{"name": fmt.Sprintf("Team %c", 'G'-i)}).ExpectStatus(t, 201)
			adm.Do("POST", "/api/v1/permissions", map[string]any{"name": fmt.Sprintf("app:p%d", 7-i)}).ExpectStatus(t, 201)
		}
		var invited user
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "paged@acme.test"}).ExpectStatus(t, 201).JSON(t, &invited)
		for i := range 4 {
			adm.Do("POST", "/api/v1/users/"+invited.ID+"/invitation/resend", nil).ExpectStatus(t, 200)
			adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": fmt.Sprintf("u%d@acme.test", i)}).ExpectStatus(t, 201)
		}
		for range 4 {
			app.Client(t).SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		}
		lists := []struct{ path, items string }{
			{"/api/v1/groups", "groups"},
			{"/api/v1/permissions", "permissions"},
			{"/api/v1/users/" + invited.ID + "/emails", "emails"},
			{"/api/v1/me/sessions", "sessions"},
			{"/api/v1/users", "users"},
			{"/api/v1/emails?state=all", "emails"},
		}
		for _, l := range lists {
			whole, next := listPage(t, adm, l.path, l.items, 200, "")
			if next != "" || len(whole) < 5 {
				t.Fatalf("%s: %d items in one page, next %q", l.path, len(whole), next)
			}
			for _, limit := range []int{1, 2, 3} {
				if got := walk(t, adm, l.path, l.items, limit); !slices.Equal(got, whole) {
					t.Errorf("%s by %d: %v, want %v", l.path, limit, got, whole)
				}
			}
			for _, bad := range []string{"0", "201", "x", "-1"} {
				p := wantProblem(t, adm.Do("GET", l.path+sepFor(l.path)+"limit="+bad, nil), 422)
				if len(p.Errors) != 1 || p.Errors[0].Field != "limit" {
					t.Errorf("%s limit=%s: %+v", l.path, bad, p)
				}
			}
			p := wantProblem(t, adm.Do("GET", l.path+sepFor(l.path)+"cursor=not-ours", nil), 422)
			if len(p.Errors) != 1 || p.Errors[0].Field != "cursor" {
				t.Errorf("%s cursor=not-ours: %+v", l.path, p)
			}
		}
		if first, _ := listPage(t, adm, "/api/v1/me/sessions", "sessions", 200, ""); len(first) != 5 {
			t.Errorf("%d sessions, want 5", len(first))
		}
		// Another list's cursor is refused.
		_, groupCursor := listPage(t, adm, "/api/v1/groups", "groups", 2, "")
		wantProblem(t, adm.Do("GET", "/api/v1/permissions?cursor="+groupCursor, nil), 422)
		// A cursor carried to another organization pages its own list only.
		acmeGroups, _ := listPage(t, adm, "/api/v1/groups", "groups", 200, "")
		globexGroups, _ := listPage(t, outsider, "/api/v1/groups", "groups", 200, "")
		for _, l := range []struct{ path, items string }{{"/api/v1/groups", "groups"}, {"/api/v1/permissions", "permissions"}} {
			_, cursor := listPage(t, adm, l.path, l.items, 1, "")
			ids, _ := listPage(t, outsider, l.path, l.items, 200, cursor)
			for _, id := range ids {
				if l.items == "groups" && (slices.Contains(acmeGroups, id) || !slices.Contains(globexGroups, id)) {
					t.Errorf("acme's cursor at globex listed %s", id)
				}
				if l.items == "permissions" && len(id) > 4 && id[:4] == "app:" {
					t.Errorf("acme's cursor at globex listed acme's permission %s", id)
				}
			}
		}
		wantProblem(t, outsider.Do("GET", "/api/v1/users/"+invited.ID+"/emails", nil), 404)
	})
}

func sepFor(path string) string {
	if u, _ := url.Parse(path); u.RawQuery != "" {
		return "&"
	}
	return "?"
}

// TestPagesHoldWhileTheListChanges: groups added before and after the
// position of a walk, and one removed behind it, make no page skip or
// repeat an item: the walk sees each original group once, and the one
// added ahead.
func TestPagesHoldWhileTheListChanges(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		for _, name := range []string{"Beta", "Delta", "Gamma", "Kappa"} {
			adm.Do("POST", "/api/v1/groups", map[string]any{"name": name}).ExpectStatus(t, 201)
		}
		before, _ := listPage(t, adm, "/api/v1/groups", "groups", 200, "")
		first, cursor := listPage(t, adm, "/api/v1/groups", "groups", 2, "")
		adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Alpha"}).ExpectStatus(t, 201) // behind the walk
		var zulu struct{ ID string }
		adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Zulu"}).ExpectStatus(t, 201).JSON(t, &zulu) // ahead
		adm.Do("DELETE", "/api/v1/groups/"+first[1], nil).ExpectStatus(t, 204)                               // behind, gone
		seen := append([]string{}, first...)
		for cursor != "" {
			var ids []string
			ids, cursor = listPage(t, adm, "/api/v1/groups", "groups", 2, cursor)
			seen = append(seen, ids...)
		}
		want := append(append([]string{}, before...), zulu.ID)
		if !slices.Equal(seen, want) {
			t.Errorf("walk %v, want %v", seen, want)
		}
	})
}
