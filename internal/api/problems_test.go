package api_test

import (
	"strings"
	"testing"

	"console/internal/apptest"
)

// TestEveryErrorIsAProblem: the errors a client can provoke without a
// bug (an unknown path, a method a path does not take, a body too large,
// of the wrong type or not JSON, an unknown field) are all
// application/problem+json quoting the request's id.
func TestEveryErrorIsAProblem(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		big := `{"email":"a@acme.test","message":"` + strings.Repeat("m", 300<<10) + `"}`
		for _, tc := range []struct {
			name         string
			method, path string
			body         any
			header       []string
			status       int
		}{
			{"unknown path", "GET", "/api/v1/nothing-here", nil, nil, 404},
			{"unknown version", "GET", "/api/v2/users", nil, nil, 404},
			{"method not taken", "PUT", "/api/v1/users", nil, nil, 405},
			{"method not taken by an item", "POST", "/api/v1/groups/x", nil, nil, 405},
			{"body too large", "POST", "/api/v1/users/invite", big, []string{"Content-Type", "application/json"}, 413},
			{"not JSON", "POST", "/api/v1/users/invite", "{", []string{"Content-Type", "application/json"}, 400},
			{"wrong type", "POST", "/api/v1/users/invite", "email=a", nil, 415},
			{"unknown field", "POST", "/api/v1/users/invite", map[string]string{"status": "active"}, nil, 400},
			{"bad limit", "GET", "/api/v1/users?limit=0", nil, nil, 422},
		} {
			r := adm.Do(tc.method, tc.path, tc.body, tc.header...)
			p := wantProblem(t, r, tc.status)
			if id := r.Header.Get("X-Request-Id"); id == "" || p.RequestID != id {
				t.Errorf("%s: request_id %q, header %q", tc.name, p.RequestID, id)
			}
			if tc.status == 405 && r.Header.Get("Allow") == "" {
				t.Errorf("%s: 405 without Allow", tc.name)
			}
		}
		if allow := adm.Do("PUT", "/api/v1/users", nil).Header.Get("Allow"); allow != "GET, HEAD" {
			t.Errorf("Allow of /api/v1/users: %q", allow)
		}
		if allow := adm.Do("PUT", "/api/v1/groups/x", nil).Header.Get("Allow"); allow != "GET, HEAD, PATCH, DELETE" {
			t.Errorf("Allow of /api/v1/groups/{id}: %q", allow)
		}
	})
}
