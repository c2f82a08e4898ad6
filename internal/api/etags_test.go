package api_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"console/internal/apptest"
)

// etagMatches fails unless r carries an ETag naming the "version" of the
// resource in its body, and returns it.
func etagMatches(t *testing.T, what string, r *apptest.Response) string {
	t.Helper()
	var body struct {
		Version int64 `json:"version"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Version == 0 {
		t.Fatalf("%s: no version in %s", what, r.Body)
	}
	if want := strconv.Quote(itoa(body.Version)); r.Header.Get("ETag") != want {
		t.Fatalf("%s: ETag %q, version %s", what, r.Header.Get("ETag"), want)
	}
	return r.Header.Get("ETag")
}

// TestEveryMutableAnswerHasItsETag: every answer that returns a user,
// group or permission, read, created, edited or acted on, carries its
// version as ETag.
func TestEveryMutableAnswerHasItsETag(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		invited := adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "e@acme.test"}).ExpectStatus(t, 201)
		etagMatches(t, "invite", invited)
		var u user
		invited.JSON(t, &u)
		path := "/api/v1/users/" + u.ID
		etagMatches(t, "GET user", adm.Do("GET", path, nil).ExpectStatus(t, 200))
		etagMatches(t, "PATCH user", adm.PatchCurrent(path, map[string]any{"name": "E"}).ExpectStatus(t, 200))
		etagMatches(t, "resend", adm.Do("POST", path+"/invitation/resend", nil).ExpectStatus(t, 200))
		etagMatches(t, "GET me", adm.Do("GET", "/api/v1/me", nil).ExpectStatus(t, 200))
		active := addUser(t, app, acme.Created.Org.ID, "a@acme.test", "active", "")
		apath := "/api/v1/users/" + active.ID
		etagMatches(t, "deactivate", adm.Do("POST", apath+"/deactivate", nil).ExpectStatus(t, 200))
		etagMatches(t, "reactivate", adm.Do("POST", apath+"/reactivate", nil).ExpectStatus(t, 200))

		g := adm.Do("POST", "/api/v1/groups", map[string]any{"name": "Editors"}).ExpectStatus(t, 201)
		etagMatches(t, "create group", g)
		var gid struct{ ID string }
		g.JSON(t, &gid)
		etagMatches(t, "GET group", adm.Do("GET", "/api/v1/groups/"+gid.ID, nil).ExpectStatus(t, 200))
		etagMatches(t, "PATCH group", adm.PatchCurrent("/api/v1/groups/"+gid.ID, map[string]any{"description": "d"}).ExpectStatus(t, 200))

		p := adm.Do("POST", "/api/v1/permissions", map[string]any{"name": "content:edit"}).ExpectStatus(t, 201)
		etagMatches(t, "create permission", p)
		if loc := p.Header.Get("Location"); loc != "/api/v1/permissions/content:edit" {
			t.Errorf("permission's Location %q", loc)
		}
		etagMatches(t, "GET permission", adm.Do("GET", "/api/v1/permissions/content:edit", nil).ExpectStatus(t, 200))
		etagMatches(t, "PATCH permission", adm.PatchCurrent("/api/v1/permissions/content:edit", map[string]any{"description": "d"}).ExpectStatus(t, 200))
		if r := adm.Do("GET", "/api/v1/permissions/users:read", nil).ExpectStatus(t, 200); r.Header.Get("ETag") != "" {
			t.Errorf("a built-in permission, which never changes, has ETag %q", r.Header.Get("ETag"))
		}
		missing := wantProblem(t, adm.Do("GET", "/api/v1/permissions/content:nothing", nil), 404)
		_, outsider := admin(t, app, "globex")
		if other := wantProblem(t, outsider.Do("GET", "/api/v1/permissions/content:edit", nil), 404); other.Detail != missing.Detail {
			t.Errorf("another organization's permission %+v differs from a missing one %+v", other, missing)
		}
	})
}

// TestLifecycleHonoursIfMatch: deactivate, reactivate, resend, cancel and
// password reset run unconditionally without If-Match, and only on the
// version named when it is sent: a stale one is 412 naming the current
// version, and changes nothing.
func TestLifecycleHonoursIfMatch(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		active := addUser(t, app, acme.Created.Org.ID, "a@acme.test", "active", "")
		var invited user
		adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": "i@acme.test"}).ExpectStatus(t, 201).JSON(t, &invited)
		stale := func(path, method, id string) {
			t.Helper()
			current := getUser(t, adm, id).Version
			p := wantProblem(t, adm.Do(method, path, nil, "If-Match", strconv.Quote(itoa(current+7))), http.StatusPreconditionFailed)
			var body struct {
				CurrentVersion int64 `json:"current_version"`
			}
			_ = json.Unmarshal(adm.Do(method, path, nil, "If-Match", `"999"`).Body, &body)
			if body.CurrentVersion != current || p.Detail == "" {
				t.Errorf("%s %s stale: current_version %d, want %d; %s", method, path, body.CurrentVersion, current, p.Detail)
			}
			if after := getUser(t, adm, id).Version; after != current {
				t.Errorf("%s %s: a refused request moved the version %d -> %d", method, path, current, after)
			}
		}
		fresh := func(id string) string { return strconv.Quote(itoa(getUser(t, adm, id).Version)) }
		a := "/api/v1/users/" + active.ID
		stale(a+"/deactivate", "POST", active.ID)
		adm.Do("POST", a+"/deactivate", nil, "If-Match", fresh(active.ID)).ExpectStatus(t, 200)
		stale(a+"/reactivate", "POST", active.ID)
		adm.Do("POST", a+"/reactivate", nil, "If-Match", fresh(active.ID)).ExpectStatus(t, 200)
		stale(a+"/password-reset", "POST", active.ID)
		adm.Do("POST", a+"/password-reset", nil, "If-Match", fresh(active.ID)).ExpectStatus(t, 202)
		adm.Do("POST", a+"/password-reset", nil).ExpectStatus(t, 202)

		i := "/api/v1/users/" + invited.ID
		before := getUser(t, adm, invited.ID).Version
		stale(i+"/invitation/resend", "POST", invited.ID)
		adm.Do("POST", i+"/invitation/resend", nil, "If-Match", fresh(invited.ID)).ExpectStatus(t, 200)
		if after := getUser(t, adm, invited.ID).Version; after <= before {
			t.Errorf("a resend left the version at %d: a copy read before shows the old expiry", after)
		}
		stale(i+"/invitation", "DELETE", invited.ID)
		wantProblem(t, adm.Do("POST", i+"/invitation/resend", nil, "If-Match", "W/\"1\""), http.StatusPreconditionFailed)
		adm.Do("DELETE", i+"/invitation", nil, "If-Match", fresh(invited.ID)).ExpectStatus(t, 204)
	})
}
